using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Locking;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Guarded.Runtime.Tests;

public class SessionLocksTests
{
    private readonly ITestOutputHelper _output;

    public SessionLocksTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Without_reentry_detection_reentry_waits_for_itself_until_the_timeout()
    {
        using var locks = new SessionLocks<string>(new SessionLocksOptions<string> { DetectReentry = false });
        using var held = locks.Acquire("cart-1");

        Assert.False(locks.TryAcquire("cart-1", TimeSpan.Zero, out var again));
        Assert.Null(again);
        var timedOut = await Assert.ThrowsAsync<SessionLockTimeoutException>(async () => await locks.AcquireAsync("cart-1", TimeSpan.Zero));
        Assert.Contains("cart-1", timedOut.Message, StringComparison.Ordinal);

        held.Dispose();
        using var next = locks.Acquire("cart-1");
        Assert.True(next.IsHeld);
    }

    [Fact]
    public async Task Acquire_and_release()
    {
        using var locks = new SessionLocks<string>();
        var handle = locks.Acquire("s1");
        Assert.True(handle.IsHeld);
        Assert.Equal("s1", handle.Key);
        Assert.Equal(1, locks.Count);
        Assert.False(await IsFree(locks, "s1"));
        handle.Dispose();
        Assert.False(handle.IsHeld);
        Assert.True(locks.TryAcquire("s1", TimeSpan.Zero, out var again));
        again.Dispose();

        var stats = locks.GetStatistics();
        Assert.Equal(2, stats.Acquisitions);
        Assert.Equal(0, stats.ContendedAcquisitions);
        Assert.Equal(1, stats.Timeouts);
        Assert.Equal(1, stats.LiveKeys);
    }

    [Fact]
    public void Different_keys_do_not_block_each_other()
    {
        using var locks = new SessionLocks<int>();
        using var a = locks.Acquire(1);
        Assert.True(locks.TryAcquire(2, TimeSpan.Zero, out var b));
        b.Dispose();
    }

    [Fact]
    public async Task Waiters_get_the_lock_when_the_holder_releases()
    {
        using var locks = new SessionLocks<string>();
        var holder = await Elsewhere(() => locks.Acquire("k"));
        var order = new List<int>();
        async Task Waiter(int id)
        {
            using var handle = await locks.AcquireAsync("k");
            lock (order)
            {
                order.Add(id);
            }
        }

        // Each waiter is queued synchronously by its AcquireAsync call, in call order, but each runs in its own flow.
        var waiters = Enumerable.Range(1, 3).Select(id => Task.Run(() => Waiter(id))).ToArray();
        TestUtil.WaitUntil(() => waiters.All(w => !w.IsCompleted) && QueuedWaiters(locks) == 3, "three waiters are queued");
        holder.Dispose();
        await Task.WhenAll(waiters).Within();

        Assert.Equal(3, order.Count);
        var stats = locks.GetStatistics();
        Assert.Equal(4, stats.Acquisitions);
        Assert.Equal(3, stats.ContendedAcquisitions);
    }

    [Fact]
    public async Task Queued_waiters_are_served_in_arrival_order()
    {
        using var locks = new SessionLocks<string>();
        var holder = await Elsewhere(() => locks.Acquire("k"));
        var order = new List<int>();
        var waiters = new List<Task>();
        for (int id = 1; id <= 3; id++)
        {
            int me = id;
            var started = TestUtil.NewGate();
            waiters.Add(Task.Run(async () =>
            {
                var pending = locks.AcquireAsync("k");
                started.SetResult();
                using var handle = await pending;
                lock (order)
                {
                    order.Add(me);
                }
            }));
            await started.Task.Within(); // the next waiter is queued only after this one
        }

        holder.Dispose();
        await Task.WhenAll(waiters).Within();
        Assert.Equal(new[] { 1, 2, 3 }, order);
    }

    [Fact]
    public async Task Disposing_a_handle_twice_never_releases_someone_elses_hold()
    {
        using var locks = new SessionLocks<string>();
        var first = await Elsewhere(() => locks.Acquire("k"));
        var secondTask = locks.AcquireAsync("k", TimeSpan.FromSeconds(30)).AsTask();
        first.Dispose();
        var second = await secondTask.Within();
        Assert.True(second.IsHeld);

        first.Dispose(); // idempotent: must not release the second holder's lock
        Assert.False(await IsFree(locks, "k"));
        second.Dispose();
        second.Dispose();
        Assert.True(await IsFree(locks, "k"));
    }

    [Fact]
    public async Task Async_timeout_returns_null_or_throws_naming_key_and_timeout()
    {
        var time = new FakeTimeProvider();
        using var locks = new SessionLocks<string>(new SessionLocksOptions<string> { TimeProvider = time });
        var holder = await Elsewhere(() => locks.Acquire("session-42"));

        var tryTask = locks.TryAcquireAsync("session-42", TimeSpan.FromSeconds(5)).AsTask();
        var acquireTask = await Elsewhere(() => Task.FromResult(locks.AcquireAsync("session-42", TimeSpan.FromSeconds(5)).AsTask()));
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(tryTask.IsCompleted);
        Assert.False(acquireTask.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await tryTask.Within());
        var thrown = await Assert.ThrowsAsync<SessionLockTimeoutException>(() => acquireTask.Within());
        Assert.Equal("session-42", thrown.Key);
        Assert.Equal(TimeSpan.FromSeconds(5), thrown.Timeout);
        Assert.Contains("session-42", thrown.Message);
        Assert.Contains("00:00:05", thrown.Message);
        Assert.Equal(2, locks.GetStatistics().Timeouts);

        // The timed-out waiters left the queue: releasing the holder frees the lock.
        holder.Dispose();
        Assert.True(locks.TryAcquire("session-42", TimeSpan.Zero, out var next));
        next.Dispose();
    }

    [Fact]
    public async Task Sync_timeout_throws_after_fake_time_passes()
    {
        var time = new FakeTimeProvider();
        using var locks = new SessionLocks<int>(new SessionLocksOptions<int> { TimeProvider = time });
        var holder = await Elsewhere(() => locks.Acquire(7));
        // Dedicated threads: two blocked pool threads can starve the pool while the stress tests run beside this class.
        var blocked = OnOwnThread(() => locks.Acquire(7, TimeSpan.FromMinutes(1)));
        var tryBlocked = OnOwnThread(() => locks.TryAcquire(7, TimeSpan.FromMinutes(1), out _));
        TestUtil.WaitUntil(() => QueuedWaiters(locks) == 2, "both callers wait");
        time.Advance(TimeSpan.FromMinutes(1));

        var thrown = await Assert.ThrowsAsync<SessionLockTimeoutException>(() => blocked.Within());
        Assert.Contains("'7'", thrown.Message);
        Assert.False(await tryBlocked.Within());
        holder.Dispose();
    }

    [Fact]
    public async Task Zero_timeout_does_not_wait()
    {
        using var locks = new SessionLocks<string>();
        using var holder = await Elsewhere(() => locks.Acquire("k"));
        Assert.False(locks.TryAcquire("k", TimeSpan.Zero, out var none));
        Assert.Null(none);
        Assert.Throws<SessionLockTimeoutException>(() => locks.Acquire("k", TimeSpan.Zero));
        var faulted = locks.AcquireAsync("k", TimeSpan.Zero);
        Assert.True(faulted.IsFaulted);
    }

    [Fact]
    public async Task Default_timeout_comes_from_options()
    {
        var time = new FakeTimeProvider();
        using var locks = new SessionLocks<string>(new SessionLocksOptions<string> { TimeProvider = time, DefaultTimeout = TimeSpan.Zero });
        using var holder = await Elsewhere(() => locks.Acquire("k"));
        Assert.False(locks.TryAcquire("k", out _));
        Assert.Throws<SessionLockTimeoutException>(() => locks.Acquire("k"));
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_and_the_lock_goes_to_the_next_waiter()
    {
        using var locks = new SessionLocks<string>();
        var holder = await Elsewhere(() => locks.Acquire("k"));
        using var cts = new CancellationTokenSource();
        var cancelled = locks.AcquireAsync("k", cts.Token).AsTask();
        var next = Elsewhere(() => locks.AcquireAsync("k").AsTask());
        TestUtil.WaitUntil(() => QueuedWaiters(locks) == 2, "both callers wait");

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        holder.Dispose();
        using var handle = await next.Within();
        Assert.True(handle.IsHeld);
        Assert.Equal(1, locks.Count);
    }

    [Fact]
    public async Task Sync_cancellation_stops_the_wait()
    {
        using var locks = new SessionLocks<string>();
        using var holder = await Elsewhere(() => locks.Acquire("k"));
        using var cts = new CancellationTokenSource();
        var blocked = Task.Run(() => locks.Acquire("k", cts.Token));
        TestUtil.WaitUntil(() => QueuedWaiters(locks) == 1, "the caller waits");
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.Within());
        Assert.Throws<OperationCanceledException>(() => locks.Acquire("other", new CancellationToken(true)));
    }

    [Fact]
    public void Idle_time_runs_from_the_sweep_that_first_saw_the_entry_unused_and_any_use_restarts_it()
    {
        var time = new FakeTimeProvider();
        var maxIdle = TimeSpan.FromMinutes(5);
        var entry = new LockEntry("k");
        Assert.True(entry.TryEnterPinned(out uint generation));
        Assert.False(entry.TryRetire(time.GetTimestamp(), maxIdle, time)); // held
        entry.ExitAndUnpin(generation);

        Assert.False(entry.TryRetire(time.GetTimestamp(), maxIdle, time)); // first seen unused: only recorded
        time.Advance(maxIdle - TimeSpan.FromTicks(1));
        Assert.False(entry.TryRetire(time.GetTimestamp(), maxIdle, time)); // not idle long enough

        Assert.Equal(PinResult.Acquired, entry.TryPinAndEnter(out generation)); // used again, released at once
        entry.ExitAndUnpin(generation);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(entry.TryRetire(time.GetTimestamp(), maxIdle, time)); // the use restarts the idle time

        time.Advance(maxIdle);
        Assert.True(entry.TryRetire(time.GetTimestamp(), maxIdle, time));
        Assert.True(entry.IsDead);
    }

    [Fact]
    public void Handle_generation_makes_a_second_release_a_no_op_even_after_the_lock_changed_hands()
    {
        var entry = new LockEntry("k");
        Assert.True(entry.TryEnterPinned(out uint first));
        entry.ExitAndUnpin(first);
        Assert.Equal(PinResult.Acquired, entry.TryPinAndEnter(out uint second));
        Assert.NotEqual(first, second);

        entry.ExitAndUnpin(first);  // a stale release of the first hold
        Assert.True(entry.IsHeldBy(second));
        Assert.False(entry.IsHeldBy(first));
        entry.ExitAndUnpin(second);
        Assert.False(entry.IsHeldBy(second));
        Assert.True(entry.TryRetire(0, TimeSpan.Zero, TimeProvider.System));
    }

    [Fact]
    public async Task Grant_that_wins_the_race_with_a_timeout_is_kept_not_leaked()
    {
        var entry = new LockEntry("k");
        Assert.True(entry.TryEnterPinned(out uint holder));         // the creator holds it
        Assert.Equal(PinResult.Busy, entry.TryPinAndEnter(out _)); // a second caller pins and finds it busy
        var waiter = new LockWaiter(entry, CancellationToken.None);
        Assert.False(entry.TryEnterOrEnqueue(waiter, out _));

        entry.ExitAndUnpin(holder);                // the holder hands the lock over...
        entry.Abandon(waiter, WaitAbandonment.TimedOut);    // ...just before the timeout fires: the timeout loses
        Assert.True(await waiter.Completion.Task); // the waiter owns the lock
        Assert.True(entry.IsHeldBy(waiter.GrantedGeneration));
        Assert.Equal(PinResult.Busy, entry.TryPinAndEnter(out _));
        entry.Unpin();

        entry.ExitAndUnpin(waiter.GrantedGeneration); // the new holder releases: the lock is free and unpinned
        Assert.True(entry.TryRetire(0, TimeSpan.Zero, TimeProvider.System));
    }

    [Fact]
    public async Task Timeout_that_wins_the_race_with_a_grant_leaves_the_lock_free()
    {
        var entry = new LockEntry("k");
        Assert.True(entry.TryEnterPinned(out uint holder));
        Assert.Equal(PinResult.Busy, entry.TryPinAndEnter(out _));
        var waiter = new LockWaiter(entry, CancellationToken.None);
        Assert.False(entry.TryEnterOrEnqueue(waiter, out _));

        entry.Abandon(waiter, WaitAbandonment.TimedOut);    // the timeout fires first
        entry.Unpin();                             // the timed-out caller drops its pin
        entry.ExitAndUnpin(holder);                // then the holder releases: nobody to hand over to
        Assert.False(await waiter.Completion.Task);
        Assert.Equal(0, entry.WaiterCount);
        Assert.Equal(PinResult.Acquired, entry.TryPinAndEnter(out _));
    }

    [Fact]
    public void Retired_entry_cannot_be_pinned_again()
    {
        var time = new FakeTimeProvider();
        var entry = new LockEntry("k");
        Assert.False(entry.TryRetire(time.GetTimestamp(), TimeSpan.Zero, time)); // pinned by its creator
        entry.Unpin();
        Assert.True(entry.TryRetire(time.GetTimestamp(), TimeSpan.Zero, time));
        Assert.Equal(PinResult.Dead, entry.TryPinAndEnter(out _));
        Assert.True(entry.IsDead);
    }

    [Fact]
    public async Task Reentry_on_the_same_key_fails_fast_naming_the_key()
    {
        using var locks = new SessionLocks<string>();
        using (locks.Acquire("cart-1"))
        {
            var thrown = Assert.Throws<LockRecursionException>(() => locks.Acquire("cart-1"));
            Assert.Contains("cart-1", thrown.Message);
            Assert.Throws<LockRecursionException>(() => locks.TryAcquire("cart-1", TimeSpan.Zero, out _));
            Assert.Throws<LockRecursionException>(() => { _ = locks.AcquireAsync("cart-1"); });
        }

        // Async flow: the hold is visible after the await, on whatever thread the continuation runs.
        using (await locks.AcquireAsync("cart-2"))
        {
            await Task.Yield();
            Assert.Throws<LockRecursionException>(() => { _ = locks.AcquireAsync("cart-2"); });
        }

        // After release the same flow may acquire again.
        using (await locks.AcquireAsync("cart-2"))
        {
        }

        Assert.Equal(0, locks.GetStatistics().Timeouts);
    }

    [Fact]
    public async Task Reentry_while_still_waiting_is_detected()
    {
        using var locks = new SessionLocks<string>();
        var other = Task.Run(() => locks.Acquire("k"));
        var otherHandle = await other.Within();
        var pending = locks.AcquireAsync("k");
        Assert.False(pending.IsCompleted);
        Assert.Throws<LockRecursionException>(() => locks.Acquire("k"));
        otherHandle.Dispose();
        using var mine = await pending.AsTask().Within();
        Assert.True(mine.IsHeld);
    }

    [Fact]
    public async Task Task_started_while_holding_inherits_the_hold_until_it_is_released()
    {
        using var locks = new SessionLocks<string>();
        var holder = locks.Acquire("k");
        await Assert.ThrowsAsync<LockRecursionException>(() => Task.Run(() => locks.Acquire("k")));
        holder.Dispose();
        using var later = await Task.Run(() => locks.Acquire("k")); // released holds are ignored
        Assert.True(later.IsHeld);
    }

    [Fact]
    public async Task Sibling_flows_wait_for_each_other_instead_of_failing()
    {
        using var locks = new SessionLocks<string>();
        var firstHeld = TestUtil.NewGate();
        var releaseFirst = TestUtil.NewGate();
        var first = Task.Run(async () =>
        {
            using var handle = await locks.AcquireAsync("k");
            firstHeld.SetResult();
            await releaseFirst.Task;
        });
        await firstHeld.Task.Within();
        var second = Task.Run(async () =>
        {
            using var handle = await locks.AcquireAsync("k");
            return handle.IsHeld;
        });
        TestUtil.WaitUntil(() => QueuedWaiters(locks) == 1, "the sibling waits");
        releaseFirst.SetResult();
        await first.Within();
        Assert.True(await second.Within());
    }

    [Fact]
    public void Sweep_removes_only_idle_unreferenced_entries()
    {
        var time = new FakeTimeProvider();
        using var locks = new SessionLocks<string>(new SessionLocksOptions<string> { TimeProvider = time });
        locks.Acquire("idle").Dispose();
        using var held = locks.Acquire("held");
        Assert.Equal(2, locks.Count);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, locks.Sweep(TimeSpan.FromMinutes(10))); // sees "idle" unused: idle time starts now
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, locks.Sweep(TimeSpan.FromMinutes(10)));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, locks.Sweep(TimeSpan.FromMinutes(10)));
        Assert.Equal(1, locks.Count);
        Assert.Equal(0, locks.Sweep(TimeSpan.Zero)); // the held key stays

        var stats = locks.GetStatistics();
        Assert.Equal(1, stats.SweptKeys);
        Assert.Equal(1, stats.LiveKeys);

        // A swept key is simply recreated on next use.
        using var again = locks.Acquire("idle");
        Assert.Equal(2, locks.Count);
    }

    [Fact]
    public async Task Sweep_never_removes_an_awaited_entry_and_exclusion_survives_it()
    {
        using var locks = new SessionLocks<string>();
        var holder = await Elsewhere(() => locks.Acquire("k"));
        var waiter = locks.AcquireAsync("k").AsTask();
        Assert.Equal(0, locks.Sweep(TimeSpan.Zero));
        holder.Dispose();
        using var handle = await waiter.Within();
        Assert.Equal(0, locks.Sweep(TimeSpan.Zero));
        Assert.False(await IsFree(locks, "k")); // still excluded after the sweeps
    }

    [Fact]
    public void Background_sweep_runs_on_the_time_provider_when_enabled()
    {
        var time = new FakeTimeProvider();
        using var locks = new SessionLocks<string>(new SessionLocksOptions<string>
        {
            TimeProvider = time,
            SweepInterval = TimeSpan.FromMinutes(1),
            MaxIdle = TimeSpan.FromMinutes(2),
        });
        locks.Acquire("a").Dispose();
        time.Advance(TimeSpan.FromMinutes(1)); // the first sweep sees "a" unused
        Assert.Equal(1, locks.Count);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, locks.Count);
        time.Advance(TimeSpan.FromMinutes(1)); // two minutes after that sweep
        Assert.Equal(0, locks.Count);
        Assert.Equal(1, locks.GetStatistics().SweptKeys);
    }

    [Fact]
    public void Dispose_refuses_new_acquisitions_but_existing_handles_release()
    {
        var locks = new SessionLocks<string>();
        var handle = locks.Acquire("k");
        locks.Dispose();
        Assert.Throws<ObjectDisposedException>(() => locks.Acquire("k"));
        Assert.Throws<ObjectDisposedException>(() => { _ = locks.AcquireAsync("x"); });
        handle.Dispose();
        Assert.False(handle.IsHeld);
        locks.Dispose();
    }

    [Fact]
    public async Task Dispose_fails_every_caller_still_waiting_and_the_holder_releases_normally()
    {
        var locks = new SessionLocks<string>();
        var holder = await Elsewhere(() => locks.Acquire("k"));
        var asyncWaiter = Elsewhere(() => locks.AcquireAsync("k").AsTask());
        var syncWaiter = Elsewhere(() => locks.Acquire("k", TimeSpan.FromMinutes(5)));
        var tryWaiter = Elsewhere(() => locks.TryAcquireAsync("k").AsTask());
        TestUtil.WaitUntil(() => QueuedWaiters(locks) == 3, "three callers wait");

        locks.Dispose();

        var failure = await Assert.ThrowsAsync<ObjectDisposedException>(() => asyncWaiter.Within());
        Assert.Contains("'k'", failure.Message);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => syncWaiter.Within());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => tryWaiter.Within());
        Assert.Equal(0, QueuedWaiters(locks));
        Assert.True(holder.IsHeld);
        holder.Dispose();
        Assert.False(holder.IsHeld);
        Assert.Equal(1, locks.Sweep(TimeSpan.Zero)); // no failed waiter kept its pin on the entry
    }

    [Fact]
    public async Task Callers_racing_Dispose_are_failed_never_granted_or_left_waiting()
    {
        const int Rounds = 200;
        const int Callers = 4;
        int failedAfterTheCheck = 0;
        for (int round = 0; round < Rounds; round++)
        {
            var locks = new SessionLocks<int>();
            var holder = await Elsewhere(() => locks.Acquire(round));
            using var go = new ManualResetEventSlim();
            // Dedicated threads, not pool tasks: with two cores the pool would run the disposer before most callers.
            var callers = Enumerable.Range(0, Callers).Select(index => OnOwnThread(() =>
            {
                go.Wait();
                using var handle = index % 2 == 0 ? locks.Acquire(round) : locks.AcquireAsync(round).AsTask().GetAwaiter().GetResult();
                return handle.IsHeld;
            })).ToArray();
            int delay = round * 100; // from "Dispose first" to "every caller already queued"
            var disposer = OnOwnThread(() =>
            {
                go.Wait();
                Thread.SpinWait(delay);
                locks.Dispose();
                return true;
            });
            go.Set();
            await disposer.Within();

            foreach (var caller in callers)
            {
                var failure = await Assert.ThrowsAsync<ObjectDisposedException>(() => caller.Within());
                if (failure.Message.Contains("before this caller's acquisition", StringComparison.Ordinal))
                {
                    failedAfterTheCheck++;
                }
            }

            Assert.Equal(0, QueuedWaiters(locks));
            holder.Dispose();
            Assert.Equal(1, locks.Sweep(TimeSpan.Zero));
        }

        _output.WriteLine($"{Rounds * Callers} callers raced Dispose: {failedAfterTheCheck} failed after passing the disposal check (queued, or granted and released again), {(Rounds * Callers) - failedAfterTheCheck} refused by it, 0 granted, 0 left waiting");
    }

    [Fact]
    public void Argument_errors_are_clear()
    {
        using var locks = new SessionLocks<string>();
        Assert.Throws<ArgumentNullException>(() => locks.Acquire(null!));
        Assert.Throws<ArgumentNullException>(() => { _ = locks.AcquireAsync(null!); });
        Assert.Equal("timeout", Assert.Throws<ArgumentOutOfRangeException>(() => locks.Acquire("k", TimeSpan.FromSeconds(-2))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => locks.TryAcquire("k", TimeSpan.FromDays(100), out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => locks.Sweep(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionLocks<string>(new SessionLocksOptions<string> { DefaultTimeout = TimeSpan.FromSeconds(-5) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionLocks<string>(new SessionLocksOptions<string> { SweepInterval = TimeSpan.Zero }));
        Assert.Equal(0, locks.Count); // failed calls leave nothing behind
    }

    /// <summary>Runs <paramref name="action"/> on a fresh logical flow, which does not inherit the test's holds.</summary>
    private static Task<T> Elsewhere<T>(Func<T> action)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(action);
        }
    }

    private static Task<T> Elsewhere<T>(Func<Task<T>> action)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(action);
        }
    }

    /// <summary>Runs <paramref name="action"/> on a dedicated thread and a fresh logical flow.</summary>
    private static Task<T> OnOwnThread<T>(Func<T> action)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>Whether another flow could take the key's lock right now (takes and releases it if so).</summary>
    private static Task<bool> IsFree<TKey>(SessionLocks<TKey> locks, TKey key)
        where TKey : notnull => Elsewhere(() =>
        {
            if (!locks.TryAcquire(key, TimeSpan.Zero, out var handle))
            {
                return false;
            }

            handle.Dispose();
            return true;
        });

    private static int QueuedWaiters<TKey>(SessionLocks<TKey> locks)
        where TKey : notnull => locks.QueuedWaiters;
}
