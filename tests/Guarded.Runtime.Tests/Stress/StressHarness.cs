using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Runtime.Tests.Stress;

/// <summary>Starts many threads behind one gate and collects their failures.</summary>
internal static class StressHarness
{
    public const int Threads = 64;

    /// <summary>Runs <paramref name="body"/> on <paramref name="threads"/> dedicated threads released together; rethrows the first failure.</summary>
    public static void Run(int threads, Action<int> body)
    {
        var gate = new ManualResetEventSlim(false);
        var failures = new ConcurrentQueue<Exception>();
        var workers = new Thread[threads];
        int ready = 0;
        for (int i = 0; i < threads; i++)
        {
            int index = i;
            workers[i] = new Thread(() =>
            {
                Interlocked.Increment(ref ready);
                gate.Wait();
                try
                {
                    body(index);
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception);
                }
            })
            { IsBackground = true, Name = "stress-" + index };
            workers[i].Start();
        }

        TestUtil.WaitUntil(() => Volatile.Read(ref ready) == threads, "all stress threads are at the gate");
        gate.Set();
        foreach (var worker in workers)
        {
            if (!worker.Join(TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException("A stress thread did not finish: deadlock or livelock?");
            }
        }

        if (failures.TryDequeue(out var first))
        {
            throw new AggregateException($"{failures.Count + 1} stress thread(s) failed", first);
        }
    }

    /// <summary>Runs <paramref name="body"/> as <paramref name="tasks"/> tasks released together by one gate.</summary>
    public static async Task RunAsync(int tasks, Func<int, Task> body)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Task[tasks];
        for (int i = 0; i < tasks; i++)
        {
            int index = i;
            running[i] = Task.Run(async () =>
            {
                await gate.Task;
                await body(index);
            });
        }

        gate.SetResult();
        await Task.WhenAll(running).Within();
    }
}
