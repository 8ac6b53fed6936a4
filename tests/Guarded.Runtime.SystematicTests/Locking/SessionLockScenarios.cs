using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;
using Microsoft.Coyote.Specifications;

namespace Guarded.Runtime.SystematicTests.Locking;

/// <summary>
/// Test bodies for a per-key lock registry, shared by the real <c>SessionLocks</c> and its broken twins. Timeouts
/// are zero or infinite only: Coyote does not control timers (see README.md).
/// </summary>
internal static class SessionLockScenarios
{
    private const string Key = "session-1";
    private const int Workers = 3;
    private const int Rounds = 2; // a key's entry is released and re-acquired: the window where registries drop entries

    /// <summary>
    /// Workers take the key's lock (async) and count themselves in the critical section while a sweeper calls
    /// <c>Sweep(TimeSpan.Zero)</c> between them: never two holders.
    /// </summary>
    public static Task SingleHolderAsync(ISessionLocksUnderTest locks) =>
        SingleHolder(locks, AcquireAsync(locks), TimeSpan.Zero);

    /// <summary>The same with the blocking <c>Acquire</c>.</summary>
    public static Task SingleHolderSync(ISessionLocksUnderTest locks) =>
        SingleHolder(locks, () => Task.FromResult(locks.Acquire(Key, Timeout.InfiniteTimeSpan, CancellationToken.None)), TimeSpan.Zero);

    /// <summary>
    /// The same with sweeps that require idle time (one tick of the real clock): each sweep records the entries it finds
    /// unused and retires those an earlier sweep found unused with the same hold generation, racing the workers.
    /// </summary>
    public static Task SingleHolderAsyncWithIdleSweeps(ISessionLocksUnderTest locks) =>
        SingleHolder(locks, AcquireAsync(locks), TimeSpan.FromTicks(1));

    /// <summary>
    /// While a holder has the lock: a zero-timeout waiter, a waiter with a pre-cancelled token, a waiter whose token is
    /// cancelled by another task while it waits (or just as it is granted), and a sweeper. Once they are all done,
    /// the lock must be free. (Nobody else waits forever, so a leaked lock shows up as this assertion, not a deadlock.)
    /// </summary>
    public static async Task NoLeakAfterTimeoutOrCancellation(ISessionLocksUnderTest locks)
    {
        // The holder is its own task: a flow that holds a key must not start the contenders (SessionLocks reports
        // that as re-entry), and main must stay free of holds.
        var holding = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = Task.Run(async () =>
        {
            using (await locks.AcquireAsync(Key, Timeout.InfiniteTimeSpan, CancellationToken.None))
            {
                holding.SetResult(true);
                await Task.Yield();
            }
        });
        await holding.Task;

        var impatient = Task.Run(async () =>
        {
            try
            {
                using (await locks.AcquireAsync(Key, TimeSpan.Zero, CancellationToken.None))
                {
                }
            }
            catch (TimeoutException)
            {
            }
        });

        var alreadyCancelled = Task.Run(async () =>
        {
            try
            {
                using (await locks.AcquireAsync(Key, Timeout.InfiniteTimeSpan, new CancellationToken(canceled: true)))
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        using var cancellation = new CancellationTokenSource();
        var cancelledWhileWaiting = Task.Run(async () =>
        {
            try
            {
                using (await locks.AcquireAsync(Key, Timeout.InfiniteTimeSpan, cancellation.Token))
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var canceller = Task.Run(() => cancellation.Cancel());
        var sweeper = Task.Run(() => locks.Sweep(TimeSpan.Zero));

        await Task.WhenAll(new[] { holder, impatient, alreadyCancelled, cancelledWhileWaiting, canceller, sweeper });

        var after = locks.TryAcquireNow(Key);
        Specification.Assert(after is not null, "{0}: TryAcquire with a zero timeout failed", Invariants.NoLeakedLock);
        after!.Dispose();
    }

    private static Func<Task<IDisposable>> AcquireAsync(ISessionLocksUnderTest locks) =>
        async () => await locks.AcquireAsync(Key, Timeout.InfiniteTimeSpan, CancellationToken.None);

    private static async Task SingleHolder(ISessionLocksUnderTest locks, Func<Task<IDisposable>> acquire, TimeSpan sweepIdle)
    {
        int holders = 0;
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                using (await acquire())
                {
                    int now = Interlocked.Increment(ref holders);
                    Specification.Assert(now == 1, "{0}: {1} holders", Invariants.SingleHolder, now);
                    await Task.Yield();
                    Interlocked.Decrement(ref holders);
                }
            }
        }));

        var sweeper = Task.Run(async () =>
        {
            for (int i = 0; i < Workers; i++)
            {
                locks.Sweep(sweepIdle);
                await Task.Yield();
            }
        });

        await Task.WhenAll(workers.Append(sweeper).ToArray());
    }

    /// <summary>
    /// While a holder keeps the lock, callers queue for it (or are just arriving) as the registry is disposed, and the
    /// holder releases only after <c>Dispose</c> returned: every caller must fail with <see cref="ObjectDisposedException"/>.
    /// A caller handed the lock by the disposed registry breaks the assertion; one nobody fails waits forever (a deadlock).
    /// </summary>
    public static Task DisposeFailsWaiters(IDisposableSessionLocksUnderTest locks) => DisposeFailsWaiters(locks, holdUntilWaitersFinish: false);

    /// <summary>
    /// The same, but the holder keeps the lock until every caller has finished: a caller that <c>Dispose</c> did not fail
    /// waits forever, which Coyote reports as a deadlock.
    /// </summary>
    public static Task DisposeFailsWaitersWhileHeld(IDisposableSessionLocksUnderTest locks) => DisposeFailsWaiters(locks, holdUntilWaitersFinish: true);

    private static async Task DisposeFailsWaiters(IDisposableSessionLocksUnderTest locks, bool holdUntilWaitersFinish)
    {
        const int Waiters = 2;
        var holding = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = Task.Run(async () =>
        {
            using (await locks.AcquireAsync(Key, Timeout.InfiniteTimeSpan, CancellationToken.None))
            {
                holding.SetResult(true);
                await release.Task;
            }
        });
        await holding.Task;

        var waiters = Enumerable.Range(0, Waiters).Select(_ => Task.Run(async () =>
        {
            try
            {
                using (await locks.AcquireAsync(Key, Timeout.InfiniteTimeSpan, CancellationToken.None))
                {
                    return "granted the lock";
                }
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
        })).ToArray();
        await Task.Run(locks.Dispose);
        if (holdUntilWaitersFinish)
        {
            await Task.WhenAll(waiters);
        }

        release.SetResult(true);
        await holder;

        var wrong = (await Task.WhenAll(waiters)).Where(outcome => outcome is not null).ToArray();
        Specification.Assert(wrong.Length == 0, "{0}: {1} of {2} callers {3}", Invariants.DisposeFailsWaiters, wrong.Length, Waiters, string.Join(", ", wrong));
    }
}
