using Cafe.Sessions;
using Microsoft.Coyote.Specifications;

namespace Cafe.Tests.Scenarios;

/// <summary>
/// Seed incident: requests of one session were meant to run one at a time, but two first requests each created
/// "the" lock, and the idle sweeper dropped (and disposed) a lock a request still held.
/// </summary>
public static class SessionLockScenarios
{
    private static readonly TimeSpan s_maxIdle = TimeSpan.FromMinutes(1);

    /// <summary>The first two requests of a session arrive together: they run one after the other.</summary>
    public static async Task FirstTwoRequestsOfASession()
    {
        using var registry = new SessionLockRegistry(s_maxIdle, new ManualTime());
        int inside = 0;

        async Task<int> Request(CancellationToken cancellationToken)
        {
            int now = Interlocked.Increment(ref inside);
            Specification.Assert(now == 1, "{0}: {1} inside", Incidents.TwoRequestsAtOnce, now);
            await Task.Yield();
            Interlocked.Decrement(ref inside);
            return now;
        }

        Task a = Task.Run(() => registry.RunExclusiveAsync("table-4", Request));
        Task b = Task.Run(() => registry.RunExclusiveAsync("table-4", Request));
        await Task.WhenAll(new[] { a, b });
    }

    /// <summary>
    /// A long request holds its session's lock past the idle time; the sweeper runs and a second request of the same
    /// session arrives. The second request must wait for the first, and the first must be able to release its lock.
    /// The sweeper runs again while the lock changes hands, so it also meets the lock free for a moment (it may drop
    /// it then), being handed over, or held by the second request: whatever it does, no two requests run at once.
    /// </summary>
    public static async Task SweeperRunsWhileARequestHoldsTheLock()
    {
        var time = new ManualTime();
        using var registry = new SessionLockRegistry(s_maxIdle, time);
        int inside = 0;
        var firstEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<int> Work(bool first)
        {
            int now = Interlocked.Increment(ref inside);
            Specification.Assert(now == 1, "{0}: {1} requests inside", Incidents.LockDroppedWhileHeld, now);
            if (first)
            {
                firstEntered.SetResult();
                await releaseFirst.Task;
            }
            else
            {
                await Task.Yield();
            }

            Interlocked.Decrement(ref inside);
            return now;
        }

        async Task Request(bool first)
        {
            try
            {
                await registry.RunExclusiveAsync("table-4", _ => Work(first));
            }
            catch (ObjectDisposedException)
            {
                Specification.Assert(false, "{0}: it was disposed before the request released it", Incidents.LockDroppedWhileHeld);
            }
            catch (KeyNotFoundException)
            {
                Specification.Assert(false, "{0}: it was removed between the request's lookup and its use", Incidents.LockDroppedWhileHeld);
            }
        }

        Task longRequest = Task.Run(() => Request(first: true));
        await firstEntered.Task;

        time.Advance(s_maxIdle * 2);
        Task sweeper = Task.Run(() => registry.SweepIdle());
        Task nextRequest = Task.Run(() => Request(first: false));
        await sweeper;
        releaseFirst.SetResult();
        time.Advance(s_maxIdle * 2);
        Task secondSweeper = Task.Run(() => registry.SweepIdle());
        await Task.WhenAll(new[] { longRequest, nextRequest, secondSweeper });
    }
}
