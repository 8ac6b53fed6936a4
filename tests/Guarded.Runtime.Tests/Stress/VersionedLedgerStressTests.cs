using System;
using System.Linq;
using System.Threading;

namespace Guarded.Runtime.Tests.Stress;

[Collection("Stress")]
public class VersionedLedgerStressTests
{
    [Fact]
    public void Optimistic_increments_lose_no_update()
    {
        const int Keys = 8;
        const int PerThread = 200;
        using var ledger = new VersionedLedger<int, long>();
        long conflicts = 0;
        StressHarness.Run(StressHarness.Threads, thread =>
        {
            var random = new Random(thread);
            for (int i = 0; i < PerThread; i++)
            {
                int key = random.Next(Keys);
                while (true)
                {
                    var read = ledger.Read(key);
                    var result = ledger.TryUpdate(key, read.Version, s => LedgerDecision<long>.Commit(s + 1));
                    if (result.IsCommitted)
                    {
                        Assert.Equal(read.Version + 1, result.Version);
                        break;
                    }

                    Assert.Equal(LedgerOutcome.Conflict, result.Outcome);
                    Assert.True(result.ActualVersion > result.ExpectedVersion);
                    Interlocked.Increment(ref conflicts);
                }
            }
        });

        long total = 0;
        for (int key = 0; key < Keys; key++)
        {
            var entry = ledger.Read(key);
            Assert.Equal(entry.Version, entry.State); // every commit added exactly 1
            var history = ledger.GetHistory(key);
            Assert.Equal(Enumerable.Range(1, (int)entry.Version).Select(v => (long)v), history.Select(h => h.Version));
            Assert.Equal(history.Select(h => h.Version), history.Select(h => h.State));
            total += entry.State;
        }

        Assert.Equal((long)StressHarness.Threads * PerThread, total);
        var stats = ledger.GetStatistics();
        Assert.Equal(total, stats.Commits);
        Assert.Equal(conflicts, stats.Conflicts);
    }

    [Fact]
    public void Transfers_balance_and_never_overdraw()
    {
        const int Accounts = 16;
        const decimal Opening = 1000m;
        using var ledger = new VersionedLedger<int, decimal>(new VersionedLedgerOptions<int, decimal> { InitialState = Opening });
        StressHarness.Run(StressHarness.Threads, thread =>
        {
            var random = new Random(thread);
            for (int i = 0; i < 200; i++)
            {
                int from = random.Next(Accounts);
                int to = (from + 1 + random.Next(Accounts - 1)) % Accounts;
                decimal amount = random.Next(1, 300);
                var withdrawal = ledger.Update(from, b => b >= amount ? LedgerDecision<decimal>.Commit(b - amount) : LedgerDecision<decimal>.Reject("insufficient funds"));
                if (withdrawal.IsCommitted)
                {
                    Assert.True(withdrawal.State >= 0);
                    Assert.True(ledger.Update(to, b => LedgerDecision<decimal>.Commit(b + amount)).IsCommitted);
                }
            }
        });

        decimal sum = Enumerable.Range(0, Accounts).Sum(a => ledger.Read(a).State);
        Assert.Equal(Accounts * Opening, sum);
        Assert.All(Enumerable.Range(0, Accounts), a => Assert.True(ledger.Read(a).State >= 0));
    }

    [Fact]
    public void Durable_ledger_under_load_replays_exactly_what_was_committed()
    {
        string path = TestUtil.TempFile("stress.journal");
        const int Keys = 8;
        const int PerThread = 10;
        var codec = LedgerCodec.ForPrimitives<int, long>();
        using (var ledger = VersionedLedger.Open(path, codec))
        {
            StressHarness.Run(StressHarness.Threads, thread =>
            {
                for (int i = 0; i < PerThread; i++)
                {
                    int key = (thread + i) % Keys;
                    if (i % 2 == 0)
                    {
                        Assert.True(ledger.Update(key, s => LedgerDecision<long>.Commit(s + 1)).IsCommitted);
                    }
                    else
                    {
                        Assert.True(ledger.UpdateAsync(key, s => LedgerDecision<long>.Commit(s + 1)).AsTask().GetAwaiter().GetResult().IsCommitted);
                    }
                }
            });
        }

        using var reopened = VersionedLedger.Open(path, codec);
        Assert.True(reopened.Recovery!.IsClean);
        Assert.Equal(StressHarness.Threads * PerThread, reopened.Recovery.RecordsReplayed);
        long total = Enumerable.Range(0, Keys).Sum(k => reopened.Read(k).State);
        Assert.Equal(StressHarness.Threads * PerThread, total);
        Assert.All(Enumerable.Range(0, Keys), k => Assert.Equal(reopened.Read(k).Version, reopened.Read(k).State));
    }
}
