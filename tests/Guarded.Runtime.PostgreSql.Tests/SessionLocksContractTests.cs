using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.PostgreSql;

namespace Guarded.Runtime.PostgreSql.Tests;

/// <summary>
/// The <see cref="ISessionLocks{TKey}"/> contract, written once and run unchanged against the in-process
/// <see cref="SessionLocks{TKey}"/> and <see cref="PostgreSqlSessionLocks{TKey}"/>.
/// </summary>
public abstract class SessionLocksContractTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private readonly List<IDisposable> _created = new();

    protected abstract ISessionLocks<string> CreateLocks();

    public virtual void Dispose()
    {
        foreach (var locks in _created)
        {
            locks.Dispose();
        }
    }

    private ISessionLocks<string> NewLocks()
    {
        var locks = CreateLocks();
        _created.Add(locks);
        return locks;
    }

    /// <summary>Runs <paramref name="work"/> as a separate logical flow (it does not inherit the caller's holds).</summary>
    private static Task<T> Elsewhere<T>(Func<Task<T>> work)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work);
        }
    }

    private static Task Elsewhere(Func<Task> work)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work);
        }
    }

    [ContractFact]
    public async Task A_held_key_cannot_be_taken_by_another_flow_until_released()
    {
        var locks = NewLocks();
        var handle = await locks.AcquireAsync("s1", Long);
        Assert.True(handle.IsHeld);
        Assert.Equal("s1", handle.Key);
        Assert.Null(await Elsewhere(() => locks.TryAcquireAsync("s1", TimeSpan.Zero).AsTask()));
        Assert.False(await Elsewhere(() => Task.FromResult(locks.TryAcquire("s1", TimeSpan.Zero, out _))));

        handle.Dispose();
        Assert.False(handle.IsHeld);
        var again = await Elsewhere(() => locks.TryAcquireAsync("s1", TimeSpan.Zero).AsTask());
        Assert.NotNull(again);
        again!.Dispose();
    }

    [ContractFact]
    public async Task A_waiter_gets_the_lock_when_the_holder_releases_it()
    {
        var locks = NewLocks();
        var holder = locks.Acquire("s1", Long);
        var waiter = Elsewhere(async () =>
        {
            using var handle = await locks.AcquireAsync("s1", Long);
            return handle.IsHeld;
        });
        await Task.Delay(200);
        Assert.False(waiter.IsCompleted);
        holder.Dispose();
        Assert.True(await waiter.WaitAsync(Long));
    }

    [ContractFact]
    public async Task A_timeout_throws_a_clear_exception_or_returns_false_and_is_counted()
    {
        var locks = NewLocks();
        using var holder = await locks.AcquireAsync("busy", Long);
        var before = locks.GetStatistics().Timeouts;
        var stopwatch = Stopwatch.StartNew();
        var timeout = await Elsewhere(() => Assert.ThrowsAsync<SessionLockTimeoutException>(async () => await locks.AcquireAsync("busy", TimeSpan.FromMilliseconds(300))));
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(250), $"gave up after {stopwatch.Elapsed}");
        Assert.Equal("busy", timeout.Key);
        Assert.Contains("busy", timeout.Message);
        Assert.Equal(TimeSpan.FromMilliseconds(300), timeout.Timeout);
        Assert.Throws<SessionLockTimeoutException>(() => Elsewhere(() => Task.FromResult(locks.Acquire("busy", TimeSpan.FromMilliseconds(100)))).GetAwaiter().GetResult());
        Assert.Null(await Elsewhere(() => locks.TryAcquireAsync("busy", TimeSpan.FromMilliseconds(100)).AsTask()));
        Assert.Equal(before + 3, locks.GetStatistics().Timeouts);
        Assert.True(holder.IsHeld);
    }

    [ContractFact]
    public async Task Cancellation_stops_the_wait_and_leaks_nothing()
    {
        var locks = NewLocks();
        var holder = await locks.AcquireAsync("busy", Long);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Elsewhere(() => Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await locks.AcquireAsync("busy", Long, cancel.Token)));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Elsewhere(() => Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await locks.AcquireAsync("free", Long, cancelled.Token)));

        holder.Dispose();
        using var next = await Elsewhere(() => locks.TryAcquireAsync("busy", TimeSpan.FromSeconds(5)).AsTask());
        Assert.NotNull(next); // the cancelled waiter did not keep (or leak) the lock
        using var free = await Elsewhere(() => locks.TryAcquireAsync("free", TimeSpan.Zero).AsTask());
        Assert.NotNull(free);
    }

    [ContractFact]
    public async Task Re_entry_fails_fast_instead_of_deadlocking()
    {
        var locks = NewLocks();
        using var held = await locks.AcquireAsync("s1", Long);
        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<LockRecursionException>(async () => await locks.AcquireAsync("s1", Long));
        Assert.Throws<LockRecursionException>(() => locks.Acquire("s1", Long));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.True(held.IsHeld);
    }

    [ContractFact]
    public async Task Disposing_a_handle_twice_never_releases_another_holder()
    {
        var locks = NewLocks();
        var first = await locks.AcquireAsync("s1", Long);
        first.Dispose();
        var second = await Elsewhere(() => locks.AcquireAsync("s1", Long).AsTask());
        first.Dispose();
        Assert.True(second.IsHeld);
        Assert.Null(await Elsewhere(() => locks.TryAcquireAsync("s1", TimeSpan.Zero).AsTask()));
        second.Dispose();
    }

    [ContractFact]
    public async Task Keys_are_independent()
    {
        var locks = NewLocks();
        using var a = await locks.AcquireAsync("a", Long);
        using var b = await Elsewhere(() => locks.TryAcquireAsync("b", TimeSpan.Zero).AsTask());
        Assert.NotNull(b);
    }

    [ContractFact]
    public void Argument_errors_are_clear_exceptions()
    {
        var locks = NewLocks();
        Assert.Throws<ArgumentNullException>(() => locks.Acquire(null!, Long));
        Assert.Throws<ArgumentOutOfRangeException>(() => locks.Acquire("k", TimeSpan.FromMilliseconds(-5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => locks.TryAcquire("k", TimeSpan.FromMilliseconds(-5), out _));
    }

    [ContractFact]
    public void A_disposed_instance_refuses_new_acquisitions()
    {
        var locks = CreateLocks();
        locks.Dispose();
        Assert.Throws<ObjectDisposedException>(() => locks.Acquire("k", Long));
    }

    [ContractFact]
    public async Task Dispose_fails_the_callers_still_waiting_and_the_holder_releases_normally()
    {
        var locks = NewLocks();
        var holder = await locks.AcquireAsync("busy", Long);
        var waiting = Elsewhere(() => locks.AcquireAsync("busy", Long).AsTask());
        var blocked = Elsewhere(() => Task.FromResult(locks.Acquire("busy", Long)));
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted || blocked.IsCompleted);

        var stopwatch = Stopwatch.StartNew();
        locks.Dispose();
        var failure = await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Long));
        Assert.Contains("'busy'", failure.Message);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => blocked.WaitAsync(Long));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"the waiters failed only after {stopwatch.Elapsed}");

        Assert.True(holder.IsHeld);
        holder.Dispose();
        Assert.False(holder.IsHeld);
    }

    [ContractFact]
    public async Task Contending_flows_never_hold_one_key_at_once()
    {
        var locks = NewLocks();
        const int Flows = 6;
        const int Rounds = 25;
        var inside = new int[2];
        var counters = new long[2];
        int doubleHolders = 0;
        var flows = Enumerable.Range(0, Flows).Select(f => Elsewhere(async () =>
        {
            for (int i = 0; i < Rounds; i++)
            {
                int k = (f + i) % 2;
                var handle = f % 3 == 0 ? locks.Acquire("k" + k, Long) : await locks.AcquireAsync("k" + k, Long);
                try
                {
                    if (Interlocked.Increment(ref inside[k]) != 1)
                    {
                        Interlocked.Increment(ref doubleHolders);
                    }

                    long seen = Volatile.Read(ref counters[k]);
                    await Task.Yield();
                    Volatile.Write(ref counters[k], seen + 1); // a lost increment would show a second holder
                    Interlocked.Decrement(ref inside[k]);
                }
                finally
                {
                    handle.Dispose();
                }
            }
        })).ToArray();
        await Task.WhenAll(flows).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, doubleHolders);
        Assert.Equal(Flows * Rounds, counters[0] + counters[1]);
        Assert.True(locks.GetStatistics().Acquisitions >= Flows * Rounds);
    }
}

public sealed class InMemorySessionLocksContractTests : SessionLocksContractTests
{
    protected override ISessionLocks<string> CreateLocks() => new SessionLocks<string>();
}

[RequiresPostgreSql]
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlSessionLocksContractTests : SessionLocksContractTests
{
    private readonly PostgresFixture _postgres;

    public PostgreSqlSessionLocksContractTests(PostgresFixture postgres)
    {
        _postgres = postgres;
    }

    protected override ISessionLocks<string> CreateLocks() =>
        PostgreSqlSessionLocks.Create(_postgres.DataSource, new PostgreSqlSessionLocksOptions<string> { Namespace = _postgres.NewNamespace("locks") });
}
