using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Runtime.Tests.Stress;

[Collection("Stress")]
public class DoubleCheckedCacheStressTests
{
    private const int Keys = 16;
    private const int Rounds = 100;

    [Fact]
    public void Sync_miss_storm_runs_each_factory_exactly_once()
    {
        var cache = new DoubleCheckedCache<int, int>(new DoubleCheckedCacheOptions<int> { TrackHits = true });
        var runs = new int[Keys];
        var running = new int[Keys];
        int overlaps = 0;
        int Factory(int key)
        {
            if (Interlocked.Increment(ref running[key]) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            Interlocked.Increment(ref runs[key]);
            if (key == 0)
            {
                // Keep the first load open until another caller is waiting on it, so the storm really overlaps.
                SpinWait.SpinUntil(() => cache.GetStatistics().LockWaits > 0, TestUtil.Patience);
            }

            Interlocked.Decrement(ref running[key]);
            return key * 10;
        }

        StressHarness.Run(StressHarness.Threads, _ =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                for (int key = 0; key < Keys; key++)
                {
                    Assert.Equal(key * 10, cache.GetOrAdd(key, Factory));
                }
            }
        });

        Assert.All(runs, r => Assert.Equal(1, r));
        Assert.Equal(0, overlaps);
        var stats = cache.GetStatistics();
        Assert.Equal(Keys, stats.Loads);
        Assert.Equal(stats.Misses, stats.Loads + stats.DoubleLoadsPrevented);
        Assert.Equal((long)StressHarness.Threads * Rounds * Keys, stats.Hits!.Value + stats.Misses);
        Assert.True(stats.DoubleLoadsPrevented > 0, "the storm should have made callers wait for a shared load");
    }

    [Fact]
    public async Task Async_miss_storm_runs_each_factory_exactly_once()
    {
        var cache = new DoubleCheckedCache<int, int>();
        var runs = new int[Keys];
        async Task<int> Factory(int key, CancellationToken ct)
        {
            Interlocked.Increment(ref runs[key]);
            await Task.Yield();
            return key + 1;
        }

        await StressHarness.RunAsync(StressHarness.Threads, async _ =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                for (int key = 0; key < Keys; key++)
                {
                    Assert.Equal(key + 1, await cache.GetOrAddAsync(key, Factory));
                }
            }
        });

        Assert.All(runs, r => Assert.Equal(1, r));
        var stats = cache.GetStatistics();
        Assert.Equal(stats.Misses, stats.Loads + stats.DoubleLoadsPrevented);
    }

    [Fact]
    public void Factory_runs_never_overlap_under_invalidation_and_failures()
    {
        var cache = new DoubleCheckedCache<int, int>();
        var running = new int[4];
        int overlaps = 0;
        int runs = 0;
        int Factory(int key)
        {
            if (Interlocked.Increment(ref running[key]) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            try
            {
                int run = Interlocked.Increment(ref runs);
                Thread.SpinWait(200);
                if (run % 7 == 0)
                {
                    throw new InvalidOperationException("planned failure " + run);
                }

                return run;
            }
            finally
            {
                Interlocked.Decrement(ref running[key]);
            }
        }

        int failuresSeen = 0;
        StressHarness.Run(StressHarness.Threads, thread =>
        {
            var random = new Random(thread);
            for (int i = 0; i < 400; i++)
            {
                int key = random.Next(4);
                if (random.Next(10) == 0)
                {
                    cache.Invalidate(key);
                    continue;
                }

                try
                {
                    Assert.True(cache.GetOrAdd(key, Factory) > 0);
                }
                catch (InvalidOperationException exception) when (exception.Message.StartsWith("planned failure", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref failuresSeen);
                }
            }
        });

        Assert.Equal(0, overlaps);
        var stats = cache.GetStatistics();
        Assert.Equal(runs, stats.Loads);
        Assert.Equal(stats.Misses, stats.Loads + stats.DoubleLoadsPrevented);
        Assert.True(stats.Failures > 0 && failuresSeen >= stats.Failures);
    }
}
