using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Guarded.Runtime.Tests;

/// <summary>
/// Kills a process that is committing to a durable ledger mid-stream and checks that every commit it acknowledged
/// survives the reopen (torn tails are discarded, acknowledged records never are).
/// </summary>
[Collection("Stress")]
public class CrashConsistencyTests
{
    [Fact]
    public async Task Every_acknowledged_commit_survives_a_kill()
    {
        string path = TestUtil.TempFile("crash.journal");
        var acknowledged = new List<(string Key, long Version, long State)>();
        for (int cycle = 0; cycle < 2; cycle++)
        {
            acknowledged.AddRange(await RunWriterUntilKilled(path, minimumAcks: 200));

            var codec = LedgerCodec.ForPrimitives<string, long>();
            using var ledger = VersionedLedger.Open(path, codec);
            foreach (var (key, version, state) in acknowledged)
            {
                var history = ledger.GetHistory(key);
                Assert.True(history.Count >= version, $"acknowledged {key} v{version} is missing after the crash (recovered up to v{history.Count}; {ledger.Recovery!.Reason})");
                Assert.Equal(state, history[(int)version - 1].State);
            }

            foreach (var key in acknowledged.Select(a => a.Key).Distinct())
            {
                var entry = ledger.Read(key);
                Assert.Equal(entry.Version, entry.State); // the writer adds 1 per commit: no gap, no duplicate
            }
        }
    }

    private static async Task<List<(string, long, long)>> RunWriterUntilKilled(string path, int minimumAcks)
    {
        string assembly = typeof(JournalWriterProgram).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(JournalWriterProgram.Command);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("8");

        var acks = new List<(string, long, long)>();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var enough = TestUtil.NewGate();
        var reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts[0] == "ack")
                {
                    acks.Add((parts[1], long.Parse(parts[2]), long.Parse(parts[3])));
                    if (acks.Count >= minimumAcks)
                    {
                        enough.TrySetResult();
                    }
                }
            }

            enough.TrySetResult();
        });

        await enough.Task.Within();
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().Within();
        await reader.Within(); // lines printed before the kill were acknowledged: keep them all
        Assert.True(acks.Count >= minimumAcks, "the writer stopped early: " + await stderr);
        return acks;
    }
}
