using System;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Runtime.Tests.Stress;

[Collection("Stress")]
public class SessionLocksStressTests
{
    private const int Keys = 4;
    private const int Iterations = 300;

    [Fact]
    public void Never_two_holders_of_one_key_also_across_sweeps()
    {
        using var locks = new SessionLocks<int>();
        var holders = new int[Keys];
        var counts = new long[Keys]; // plain increments, protected only by the session lock
        int violations = 0;
        int timeouts = 0;
        int sweepersDone = 0;
        int workersLeft = StressHarness.Threads - 2;
        long swept = 0;

        void Critical(int key)
        {
            if (Interlocked.Increment(ref holders[key]) != 1)
            {
                Interlocked.Increment(ref violations);
            }

            counts[key]++;
            Interlocked.Decrement(ref holders[key]);
        }

        StressHarness.Run(StressHarness.Threads, thread =>
        {
            if (thread < 2)
            {
                // Two sweepers race the acquirers the whole time.
                while (Volatile.Read(ref workersLeft) > 0)
                {
                    Interlocked.Add(ref swept, locks.Sweep(TimeSpan.Zero));
                }

                Interlocked.Increment(ref sweepersDone);
                return;
            }

            try
            {
                var random = new Random(thread);
                for (int i = 0; i < Iterations; i++)
                {
                    int key = random.Next(Keys);
                    switch ((thread + i) % 3)
                    {
                        case 0:
                            using (locks.Acquire(key))
                            {
                                Critical(key);
                            }

                            break;
                        case 1:
                            var handle = locks.AcquireAsync(key).AsTask().GetAwaiter().GetResult();
                            Critical(key);
                            handle.Dispose();
                            break;
                        default:
                            // A short real timeout: exercises the timeout-versus-hand-over race.
                            if (locks.TryAcquire(key, TimeSpan.FromMilliseconds(1), out var maybe))
                            {
                                Critical(key);
                                maybe.Dispose();
                            }
                            else
                            {
                                Interlocked.Increment(ref timeouts);
                            }

                            break;
                    }
                }
            }
            finally
            {
                Interlocked.Decrement(ref workersLeft);
            }
        });

        Assert.Equal(0, violations);
        long total = 0;
        foreach (long count in counts)
        {
            total += count;
        }

        var stats = locks.GetStatistics();
        Assert.Equal(((long)(StressHarness.Threads - 2) * Iterations) - timeouts, total);
        Assert.Equal(total, stats.Acquisitions);
        Assert.Equal(timeouts, stats.Timeouts);
        Assert.Equal(swept, stats.SweptKeys);
        locks.Sweep(TimeSpan.Zero);
        Assert.Equal(0, locks.Count); // nothing leaked: every entry became idle and was swept
    }

    [Fact]
    public async Task Async_holders_with_cancellation_never_overlap()
    {
        using var locks = new SessionLocks<int>();
        var holders = new int[Keys];
        int violations = 0;
        int cancellations = 0;
        int acquired = 0;
        await StressHarness.RunAsync(StressHarness.Threads, async task =>
        {
            var random = new Random(task);
            for (int i = 0; i < 100; i++)
            {
                int key = random.Next(Keys);
                using var cts = new CancellationTokenSource();
                var pending = locks.AcquireAsync(key, cts.Token);
                if (i % 5 == 0)
                {
                    cts.Cancel(); // may race the hand-over: either outcome is fine, a leak is not
                }

                SessionLock handle;
                try
                {
                    handle = await pending;
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancellations);
                    continue;
                }

                using (handle)
                {
                    Interlocked.Increment(ref acquired);
                    if (Interlocked.Increment(ref holders[key]) != 1)
                    {
                        Interlocked.Increment(ref violations);
                    }

                    await Task.Yield();
                    Interlocked.Decrement(ref holders[key]);
                }
            }
        });

        Assert.Equal(0, violations);
        Assert.Equal((StressHarness.Threads * 100) - cancellations, acquired);
        Assert.Equal(0, locks.QueuedWaiters);
        Assert.Equal(Keys, locks.Sweep(TimeSpan.Zero));
        Assert.Equal(0, locks.Count);
    }
}
