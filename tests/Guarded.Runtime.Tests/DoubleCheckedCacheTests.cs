using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Guarded.Runtime.Tests;

public class DoubleCheckedCacheTests
{
    [Fact]
    public void Hits_are_not_counted_unless_tracked()
    {
        var cache = new DoubleCheckedCache<string, int>();
        cache.GetOrAdd("abc", k => k.Length);
        cache.GetOrAdd("abc", k => -1);

        var stats = cache.GetStatistics();
        Assert.Null(stats.Hits);
        Assert.Equal(1, stats.Misses);
        Assert.Equal(1, stats.Loads);
    }

    [Fact]
    public void Miss_runs_the_factory_once_then_hits()
    {
        var cache = new DoubleCheckedCache<string, int>(new DoubleCheckedCacheOptions<string> { TrackHits = true });
        int runs = 0;
        Assert.Equal(3, cache.GetOrAdd("abc", k => { runs++; return k.Length; }));
        Assert.Equal(3, cache.GetOrAdd("abc", k => { runs++; return -1; }));
        Assert.Equal(1, runs);
        Assert.True(cache.TryGet("abc", out int value));
        Assert.Equal(3, value);
        Assert.Equal(1, cache.Count);

        var stats = cache.GetStatistics();
        Assert.Equal(1L, stats.Hits);
        Assert.Equal(1, stats.Misses);
        Assert.Equal(1, stats.Loads);
        Assert.Equal(0, stats.DoubleLoadsPrevented);
        Assert.Equal(0, stats.Failures);
    }

    [Fact]
    public void Factory_argument_overload_passes_the_argument()
    {
        var cache = new DoubleCheckedCache<int, string>();
        Assert.Equal("7:x", cache.GetOrAdd(7, static (k, suffix) => $"{k}:{suffix}", "x"));
        Assert.Equal("7:x", cache.GetOrAdd(7, static (k, suffix) => "other", "y"));
    }

    [Fact]
    public void Key_comparer_is_used()
    {
        var cache = new DoubleCheckedCache<string, int>(new DoubleCheckedCacheOptions<string> { KeyComparer = StringComparer.OrdinalIgnoreCase });
        cache.GetOrAdd("Key", _ => 1);
        Assert.Equal(1, cache.GetOrAdd("KEY", _ => 2));
    }

    [Fact]
    public async Task Concurrent_async_misses_share_one_factory_run()
    {
        var cache = new DoubleCheckedCache<string, int>();
        var gate = TestUtil.NewGate<int>();
        int runs = 0;
        Task<int> Factory(string key, CancellationToken ct)
        {
            Interlocked.Increment(ref runs);
            Assert.False(ct.CanBeCanceled); // loads are shared and never cancelled for one caller
            return gate.Task;
        }

        var callers = Enumerable.Range(0, 10).Select(_ => cache.GetOrAddAsync("k", Factory).AsTask()).ToArray();
        Assert.All(callers, t => Assert.False(t.IsCompleted));
        Assert.False(cache.TryGet("k", out _)); // in flight: TryGet neither waits nor loads
        gate.SetResult(42);

        var values = await Task.WhenAll(callers).Within();
        Assert.All(values, v => Assert.Equal(42, v));
        Assert.Equal(1, runs);

        var stats = cache.GetStatistics();
        Assert.Equal(10, stats.Misses);
        Assert.Equal(1, stats.Loads);
        Assert.Equal(9, stats.DoubleLoadsPrevented);
        Assert.Equal(9, stats.LockWaits);
        Assert.Equal(stats.Misses, stats.Loads + stats.DoubleLoadsPrevented);
    }

    [Fact]
    public async Task Sync_caller_waits_for_an_async_load_in_flight()
    {
        var cache = new DoubleCheckedCache<string, int>();
        var gate = TestUtil.NewGate<int>();
        var owner = cache.GetOrAddAsync("k", (_, _) => gate.Task).AsTask();
        int syncRuns = 0;
        var syncCaller = Task.Run(() => cache.GetOrAdd("k", _ => { syncRuns++; return -1; }));

        TestUtil.WaitUntil(() => cache.GetStatistics().LockWaits == 1, "the sync caller waits for the load");
        Assert.False(syncCaller.IsCompleted);
        gate.SetResult(5);

        Assert.Equal(5, await syncCaller.Within());
        Assert.Equal(5, await owner.Within());
        Assert.Equal(0, syncRuns);
    }

    [Fact]
    public async Task Sync_callers_wait_for_a_sync_load_in_flight()
    {
        var cache = new DoubleCheckedCache<int, int>();
        var entered = TestUtil.NewGate();
        var release = TestUtil.NewGate();
        int runs = 0;
        int Factory(int key)
        {
            Interlocked.Increment(ref runs);
            entered.SetResult();
            release.Task.Wait();
            return key * 2;
        }

        var owner = Task.Run(() => cache.GetOrAdd(21, Factory));
        await entered.Task.Within();
        var waiters = Enumerable.Range(0, 4).Select(_ => Task.Run(() => cache.GetOrAdd(21, Factory))).ToArray();
        TestUtil.WaitUntil(() => cache.GetStatistics().LockWaits == 4, "all waiters block on the load");
        release.SetResult();

        Assert.Equal(42, await owner.Within());
        Assert.All(await Task.WhenAll(waiters).Within(), v => Assert.Equal(42, v));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Failed_factory_caches_nothing_and_every_waiter_sees_its_exception()
    {
        var cache = new DoubleCheckedCache<string, int>();
        var gate = TestUtil.NewGate<int>();
        var callers = Enumerable.Range(0, 3).Select(_ => cache.GetOrAddAsync("k", (_, _) => gate.Task).AsTask()).ToArray();
        var boom = new InvalidOperationException("boom");
        gate.SetException(boom);

        foreach (var caller in callers)
        {
            var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => caller.Within());
            Assert.Same(boom, thrown);
        }

        Assert.False(cache.TryGet("k", out _));
        Assert.Equal(0, cache.Count);
        Assert.Equal(1, cache.GetStatistics().Failures);

        // The next caller starts a fresh load.
        Assert.Equal(9, await cache.GetOrAddAsync("k", (_, _) => Task.FromResult(9)));
        Assert.Equal(2, cache.GetStatistics().Loads);
    }

    [Fact]
    public async Task Sync_factory_exception_reaches_owner_and_waiters_unchanged()
    {
        var cache = new DoubleCheckedCache<int, int>();
        var entered = TestUtil.NewGate();
        var release = TestUtil.NewGate();
        var boom = new FormatException("bad");
        var owner = Task.Run(() => cache.GetOrAdd(1, _ =>
        {
            entered.SetResult();
            release.Task.Wait();
            throw boom;
        }));
        await entered.Task.Within();
        var waiter = Task.Run(() => cache.GetOrAdd(1, _ => 0));
        TestUtil.WaitUntil(() => cache.GetStatistics().LockWaits == 1, "the waiter blocks on the load");
        release.SetResult();

        Assert.Same(boom, await Assert.ThrowsAsync<FormatException>(() => owner.Within()));
        Assert.Same(boom, await Assert.ThrowsAsync<FormatException>(() => waiter.Within()));
        Assert.Equal(3, cache.GetOrAdd(1, _ => 3));
    }

    [Fact]
    public async Task Cancelled_factory_task_reaches_waiters_as_cancellation()
    {
        var cache = new DoubleCheckedCache<int, int>();
        var gate = TestUtil.NewGate<int>();
        var caller = cache.GetOrAddAsync(1, (_, _) => gate.Task).AsTask();
        gate.SetCanceled();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caller.Within());
        Assert.Equal(1, cache.GetStatistics().Failures);
        Assert.False(cache.TryGet(1, out _));
    }

    [Fact]
    public async Task Factory_that_throws_synchronously_or_returns_null_fails_the_load()
    {
        var cache = new DoubleCheckedCache<int, int>();
        await Assert.ThrowsAsync<ArithmeticException>(() => cache.GetOrAddAsync(1, (_, _) => throw new ArithmeticException()).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrAddAsync(1, (_, _) => null!).AsTask());
        Assert.Equal(2, cache.GetStatistics().Failures);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Cancelled_waiter_stops_waiting_but_the_load_continues_for_others()
    {
        var cache = new DoubleCheckedCache<string, int>();
        var gate = TestUtil.NewGate<int>();
        using var ownerCancel = new CancellationTokenSource();
        using var waiterCancel = new CancellationTokenSource();
        var owner = cache.GetOrAddAsync("k", (_, _) => gate.Task, ownerCancel.Token).AsTask();
        var cancelled = cache.GetOrAddAsync("k", (_, _) => gate.Task, waiterCancel.Token).AsTask();
        var patient = cache.GetOrAddAsync("k", (_, _) => gate.Task).AsTask();

        ownerCancel.Cancel();
        waiterCancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => owner.Within());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        Assert.False(patient.IsCompleted);

        gate.SetResult(7);
        Assert.Equal(7, await patient.Within());
        Assert.True(cache.TryGet("k", out int cached)); // the owner's cancellation did not stop the load from filling the cache
        Assert.Equal(7, cached);
        Assert.Equal(1, cache.GetStatistics().Loads);
    }

    [Fact]
    public async Task Already_cancelled_token_on_a_miss_throws_without_loading()
    {
        var cache = new DoubleCheckedCache<int, int>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => cache.GetOrAddAsync(1, (_, _) => Task.FromResult(1), new CancellationToken(true)).AsTask());
        Assert.Equal(0, cache.GetStatistics().Loads);

        // A hit is served even with a cancelled token.
        await cache.GetOrAddAsync(1, (_, _) => Task.FromResult(1));
        Assert.Equal(1, await cache.GetOrAddAsync(1, (_, _) => Task.FromResult(2), new CancellationToken(true)));
    }

    [Fact]
    public async Task Expired_value_is_reloaded_through_a_single_flight()
    {
        var time = new FakeTimeProvider();
        var cache = new DoubleCheckedCache<string, int>(new DoubleCheckedCacheOptions<string> { TimeToLive = TimeSpan.FromMinutes(1), TimeProvider = time });
        Assert.Equal(1, cache.GetOrAdd("k", _ => 1));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, cache.GetOrAdd("k", _ => 2));
        Assert.Equal(1, cache.Count);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet("k", out _));
        Assert.Equal(0, cache.Count);

        var gate = TestUtil.NewGate<int>();
        int runs = 0;
        var reloads = Enumerable.Range(0, 5)
            .Select(_ => cache.GetOrAddAsync("k", (_, _) => { runs++; return gate.Task; }).AsTask())
            .ToArray();
        gate.SetResult(3);
        Assert.All(await Task.WhenAll(reloads).Within(), v => Assert.Equal(3, v));
        Assert.Equal(1, runs);

        // TTL counts from the end of the load.
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(cache.TryGet("k", out int value));
        Assert.Equal(3, value);
    }

    [Fact]
    public async Task Invalidate_during_a_load_keeps_its_result_out_of_the_cache_and_runs_never_overlap()
    {
        var cache = new DoubleCheckedCache<string, int>();
        var first = TestUtil.NewGate<int>();
        var second = TestUtil.NewGate<int>();
        int runs = 0;
        int running = 0;
        int maxRunning = 0;
        Task<int> Factory(string key, CancellationToken ct)
        {
            int run = Interlocked.Increment(ref runs);
            int now = Interlocked.Increment(ref running);
            maxRunning = Math.Max(maxRunning, now);
            var source = run == 1 ? first.Task : second.Task;
            return source.ContinueWith(t => { Interlocked.Decrement(ref running); return t.Result; }, TaskScheduler.Default);
        }

        var early = cache.GetOrAddAsync("k", Factory).AsTask();
        Assert.True(cache.Invalidate("k"));
        Assert.False(cache.Invalidate("k")); // already discarded
        var late = cache.GetOrAddAsync("k", Factory).AsTask();
        Assert.Equal(1, runs); // the late caller waits for the discarded run instead of overlapping it

        first.SetResult(1);
        Assert.Equal(1, await early.Within()); // joined before the invalidation: gets that run's value
        TestUtil.WaitUntil(() => Volatile.Read(ref runs) == 2, "the late caller starts the next run");
        Assert.False(cache.TryGet("k", out _)); // the discarded value was never cached
        second.SetResult(2);
        Assert.Equal(2, await late.Within());

        Assert.True(cache.TryGet("k", out int cached));
        Assert.Equal(2, cached);
        Assert.Equal(1, maxRunning);
    }

    [Fact]
    public void Invalidate_and_Clear_remove_values()
    {
        var cache = new DoubleCheckedCache<int, int>();
        cache.GetOrAdd(1, k => k);
        cache.GetOrAdd(2, k => k);
        Assert.True(cache.Invalidate(1));
        Assert.False(cache.Invalidate(1));
        Assert.False(cache.Invalidate(3));
        Assert.False(cache.TryGet(1, out _));
        Assert.Equal(1, cache.Count);
        cache.Clear();
        Assert.Equal(0, cache.Count);
        Assert.Equal(20, cache.GetOrAdd(2, k => k * 10));
    }

    [Fact]
    public void Sync_factory_reentering_its_own_key_fails_fast()
    {
        var cache = new DoubleCheckedCache<string, int>();
        var thrown = Assert.Throws<LockRecursionException>(() => cache.GetOrAdd("self", k => cache.GetOrAdd(k, _ => 1)));
        Assert.Contains("self", thrown.Message);
        Assert.False(cache.TryGet("self", out _));

        // Other keys from inside a factory are fine.
        Assert.Equal(2, cache.GetOrAdd("outer", _ => cache.GetOrAdd("inner", _ => 2)));
    }

    [Fact]
    public void Argument_errors_are_clear()
    {
        var cache = new DoubleCheckedCache<string, int>();
        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => cache.GetOrAdd("k", (Func<string, int>)null!)).ParamName);
        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => cache.GetOrAdd("k", (Func<string, int, int>)null!, 1)).ParamName);
        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => cache.GetOrAddAsync("k", null!)).ParamName);
        Assert.Throws<ArgumentNullException>(() => cache.GetOrAdd(null!, _ => 1));
        Assert.Throws<ArgumentNullException>(() => cache.TryGet(null!, out _));
        Assert.Throws<ArgumentNullException>(() => cache.Invalidate(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DoubleCheckedCache<string, int>(new DoubleCheckedCacheOptions<string> { TimeToLive = TimeSpan.Zero }));
    }

    [Fact]
    public void Hit_path_does_not_allocate()
    {
        var cache = new DoubleCheckedCache<int, string>();
        cache.GetOrAdd(1, static _ => "one");
        Func<int, string> factory = static _ => "x";
        Func<int, CancellationToken, Task<string>> asyncFactory = static (_, _) => Task.FromResult("y");
        void Hits()
        {
            for (int i = 0; i < 1000; i++)
            {
                cache.GetOrAdd(1, factory);
                cache.GetOrAddAsync(1, asyncFactory);
                cache.TryGet(1, out _);
            }
        }

        Hits(); // warm up (JIT, tiering)
        long before = GC.GetAllocatedBytesForCurrentThread();
        Hits();

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
