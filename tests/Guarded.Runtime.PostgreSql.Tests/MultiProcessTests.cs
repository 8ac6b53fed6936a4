using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Guarded.PostgreSql;
using Npgsql;
using Xunit.Abstractions;

namespace Guarded.Runtime.PostgreSql.Tests;

/// <summary>Two (and more) operating-system processes sharing one ledger and one set of locks through a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiProcessTests
{
    private const int Processes = 2;
    private const int WorkersPerProcess = 4;
    private const int OpsPerWorker = 1300;
    private const int Keys = 4;

    private readonly PostgresFixture _postgres;
    private readonly ITestOutputHelper _output;

    public MultiProcessTests(PostgresFixture postgres, ITestOutputHelper output)
    {
        _postgres = postgres;
        _output = output;
    }

    [PostgresFact]
    public async Task Two_processes_hammering_the_same_keys_lose_no_update_and_never_share_a_lock()
    {
        var run = await RunHammer(Processes, WorkersPerProcess, OpsPerWorker, Keys, useLocks: true);
        _output.WriteLine(run.Summary);
        Console.WriteLine(run.Summary);

        Assert.True(run.Operations >= 10_000, run.Summary);
        Assert.Equal(Processes * WorkersPerProcess * OpsPerWorker, run.Operations);
        Assert.True(0 == run.LostLedgerUpdates + run.LostLockedIncrements, run.Summary);
        Assert.True(0 == run.DoubleHolders, run.Summary);
    }

    [PostgresFact]
    public async Task Control_without_the_locks_the_same_hammer_detects_lost_increments_and_double_holders()
    {
        // Shows that the detectors above can fail: the same workload with the lock left out, on one hot key.
        var run = await RunHammer(Processes, WorkersPerProcess, 150, 1, useLocks: false);
        _output.WriteLine("control (no locks): " + run.Summary);
        Assert.True(run.LostLockedIncrements > 0 || run.DoubleHolders > 0, run.Summary);
        Assert.Equal(0, run.LostLedgerUpdates); // the ledger needs no lock
    }

    private async Task<HammerRun> RunHammer(int processes, int workers, int opsPerWorker, int keyCount, bool useLocks)
    {
        string ns = _postgres.NewNamespace("hammer");
        var keys = Enumerable.Range(0, keyCount).Select(k => "key" + k).ToArray();
        await using (var connection = await _postgres.DataSource.OpenConnectionAsync())
        {
            await Execute(connection, $"CREATE SCHEMA IF NOT EXISTS guarded_test; CREATE TABLE IF NOT EXISTS {MultiProcessChild.CounterTable} (ns text, key text, n bigint NOT NULL, holders int NOT NULL, PRIMARY KEY (ns, key))");
            foreach (var key in keys)
            {
                await Execute(connection, $"INSERT INTO {MultiProcessChild.CounterTable} VALUES ('{ns}', '{key}', 0, 0)");
            }
        }

        // Create the ledger tables before the children race to do so (they would serialize on the migration lock anyway).
        using var ledger = PostgreSqlVersionedLedger.Open(_postgres.DataSource, LedgerCodec.ForPrimitives<string, long>(), null, new PostgreSqlLedgerOptions { Namespace = ns });

        var stopwatch = Stopwatch.StartNew();
        string I(int value) => value.ToString(CultureInfo.InvariantCulture);
        var children = Enumerable.Range(0, processes)
            .Select(_ => Child.Start(MultiProcessChild.Hammer, _postgres.ConnectionString, ns, I(workers), I(opsPerWorker), I(keyCount), useLocks ? "locks" : MultiProcessChild.NoLocks))
            .ToArray();
        var reports = new List<IReadOnlyList<string>>();
        foreach (var child in children)
        {
            using (child)
            {
                reports.Add(await child.WaitForExitAsync(TimeSpan.FromMinutes(4)));
            }
        }

        stopwatch.Stop();
        var ledgerCommits = Sum(reports, "ledger");
        var lockIncrements = Sum(reports, "lock");
        long doubleHolders = reports.SelectMany(r => r).Where(l => l.StartsWith("double ", StringComparison.Ordinal)).Sum(l => long.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture));
        long conflicts = reports.SelectMany(r => r).Where(l => l.StartsWith("conflicts ", StringComparison.Ordinal)).Sum(l => long.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture));

        long lostLedgerUpdates = 0;
        long lostLockedIncrements = 0;
        await using (var connection = await _postgres.DataSource.OpenConnectionAsync())
        {
            foreach (var key in keys)
            {
                var entry = await ledger.ReadAsync(key);
                long acknowledged = ledgerCommits.GetValueOrDefault(key);
                lostLedgerUpdates += Math.Abs(acknowledged - entry.State);
                Assert.Equal(entry.Version, entry.State); // every commit added 1 to the state it replaced
                var history = ledger.GetHistory(key);
                Assert.Equal(Enumerable.Range(1, (int)entry.Version).Select(v => (long)v), history.Select(h => h.Version));
                Assert.Equal(history.Select(h => h.Version), history.Select(h => h.State));

                await using var read = new NpgsqlCommand($"SELECT n, holders FROM {MultiProcessChild.CounterTable} WHERE ns = $1 AND key = $2", connection);
                read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ns });
                read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
                await using var reader = await read.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                lostLockedIncrements += Math.Abs(lockIncrements.GetValueOrDefault(key) - reader.GetInt64(0));
                doubleHolders += reader.GetInt32(1); // an occupancy count left over would also mean overlapping holders
            }
        }

        long operations = ledgerCommits.Values.Sum() + lockIncrements.Values.Sum();
        string summary =
            $"{processes} processes x {workers} workers on {keyCount} keys in {stopwatch.Elapsed.TotalSeconds:F1} s: " +
            $"{operations} operations ({ledgerCommits.Values.Sum()} ledger commits after {conflicts} conflicts retried, {lockIncrements.Values.Sum()} {(useLocks ? "lock-guarded" : "UNLOCKED")} increments); " +
            $"lost updates: {lostLedgerUpdates + lostLockedIncrements} (ledger {lostLedgerUpdates}, increments {lostLockedIncrements}); double holders: {doubleHolders}";
        return new HammerRun(operations, lostLedgerUpdates, lostLockedIncrements, doubleHolders, summary);
    }

    [PostgresFact]
    public async Task A_process_killed_while_holding_a_lock_releases_it()
    {
        string ns = _postgres.NewNamespace("kill");
        using var locks = PostgreSqlSessionLocks.Create(_postgres.DataSource, new PostgreSqlSessionLocksOptions<string> { Namespace = ns });
        using var child = Child.Start(MultiProcessChild.Hold, _postgres.ConnectionString, ns, "session-42");
        string line = await child.ReadLineAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("held ", line, StringComparison.Ordinal);
        Assert.Equal(locks.GetLockId("session-42").ToString(CultureInfo.InvariantCulture), line.Split(' ')[1]);

        Assert.False(locks.TryAcquire("session-42", TimeSpan.Zero, out _));
        Assert.Null(await locks.TryAcquireAsync("session-42", TimeSpan.FromMilliseconds(300)));

        var stopwatch = Stopwatch.StartNew();
        child.Kill();
        await using var handle = await locks.AcquireAsync("session-42", TimeSpan.FromSeconds(30));
        stopwatch.Stop();
        _output.WriteLine($"lock of the killed holder acquired {stopwatch.ElapsedMilliseconds} ms after the kill");
        Assert.True(handle.IsHeld);
    }

    private sealed record HammerRun(long Operations, long LostLedgerUpdates, long LostLockedIncrements, long DoubleHolders, string Summary);

    private static Dictionary<string, long> Sum(IEnumerable<IReadOnlyList<string>> reports, string kind)
    {
        var sums = new Dictionary<string, long>();
        foreach (var parts in reports.SelectMany(r => r).Select(l => l.Split(' ')).Where(p => p[0] == kind && p.Length == 3))
        {
            sums[parts[1]] = sums.GetValueOrDefault(parts[1]) + long.Parse(parts[2], CultureInfo.InvariantCulture);
        }

        return sums;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A child process running this test assembly's <see cref="ChildProgram"/>.</summary>
    private sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _stderr;

        private Child(Process process)
        {
            _process = process;
            _stderr = process.StandardError.ReadToEndAsync();
        }

        public static Child Start(params string[] arguments)
        {
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            var start = new ProcessStartInfo(dotnet)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(typeof(ChildProgram).Assembly.Location);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            return new Child(Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process."));
        }

        public async Task<string> ReadLineAsync(TimeSpan timeout)
        {
            var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(timeout);
            return line ?? throw new InvalidOperationException($"The child exited (code {(_process.HasExited ? _process.ExitCode : -1)}): {await _stderr}");
        }

        public async Task<IReadOnlyList<string>> WaitForExitAsync(TimeSpan timeout)
        {
            var output = await _process.StandardOutput.ReadToEndAsync().WaitAsync(timeout);
            await _process.WaitForExitAsync().WaitAsync(timeout);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (_process.ExitCode != 0 || lines.LastOrDefault() != "done")
            {
                throw new InvalidOperationException($"The child failed (exit code {_process.ExitCode}):\n{output}\n{await _stderr}");
            }

            return lines;
        }

        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
