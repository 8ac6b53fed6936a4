using System;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Runtime.Tests;

/// <summary>
/// Entry point of the test assembly. Under the test runner it is never called. The crash-consistency test starts
/// <c>dotnet Guarded.Runtime.Tests.dll journal-writer &lt;path&gt; &lt;writers&gt;</c>: the child appends commits to a
/// durable ledger from several threads and prints <c>ack &lt;key&gt; &lt;version&gt;</c> after each commit is acknowledged,
/// until the test kills it.
/// </summary>
public static class JournalWriterProgram
{
    public const string Command = "journal-writer";

    public static int Main(string[] args)
    {
        if (args.Length < 3 || args[0] != Command)
        {
            Console.Error.WriteLine($"usage: {Command} <journal path> <writer threads>");
            return 2;
        }

        string path = args[1];
        int writers = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var output = Console.Out;
        var outputLock = new object();
        using var ledger = VersionedLedger.Open(path, LedgerCodec.ForPrimitives<string, long>());
        lock (outputLock)
        {
            output.WriteLine($"ready {ledger.Recovery!.RecordsReplayed}");
            output.Flush();
        }

        var threads = new Thread[writers];
        for (int w = 0; w < writers; w++)
        {
            string key = "k" + (w % 4);
            threads[w] = new Thread(() =>
            {
                while (true)
                {
                    var result = ledger.Update(key, static state => LedgerDecision<long>.Commit(state + 1));
                    lock (outputLock)
                    {
                        output.WriteLine($"ack {key} {result.Version} {result.State}");
                        output.Flush();
                    }
                }
            })
            { IsBackground = true };
            threads[w].Start();
        }

        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}
