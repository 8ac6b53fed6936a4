using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Caching;
using Guarded.Diagnostics;
using Guarded.Internal;

namespace Guarded;

/// <summary>
/// A thread-safe cache that runs at most one factory per key at a time, however many callers miss together.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <remarks>
/// <para><b>Two tables.</b> Loaded values live in a <see cref="ValueTable{TKey, TValue}"/> (with a time to live, each
/// value carries its expiry), a read-mostly table with lock-free reads. For value-type keys it is its own hash table of
/// immutable nodes: reads take no lock (they follow references published with volatile writes) and writes (storing a
/// loaded value, invalidating, dropping an expired value) take the table's own lock, which is never held while another
/// lock is taken. For reference-type keys it is a <see cref="ConcurrentDictionary{TKey, TValue}"/>, faster there. Loads
/// in flight live in a second table, a <see cref="ConcurrentDictionary{TKey, TValue}"/> (registering a load relies on
/// its <c>TryAdd</c>). A hit is therefore exactly one lookup of the value table (plus the expiry check when a time to
/// live is set): no lock, no interlocked instruction, no allocation, and no counting unless
/// <see cref="DoubleCheckedCacheOptions{TKey}.TrackHits"/> asks for it.</para>
/// <para><b>Misses (single flight).</b> A caller that finds no fresh value looks for a load of the key in flight and
/// joins it; if there is none it tries to register its own load with <c>TryAdd</c>. Exactly one caller wins and becomes
/// the load's owner. The owner checks the value table again (the double check: a load that finished between its first
/// look and its registration has already published its value) and runs the factory only when the value is still
/// missing. Every other caller waits for the load's result (a <see cref="TaskCompletionSource{TResult}"/>), so the
/// factory runs once.</para>
/// <para><b>Protocol, thread by thread, when the factory completes.</b> The owner takes the load's lock, marks it
/// completed and, unless it was invalidated meanwhile, stores the value in the value table; releases the lock; removes
/// its load from the load table (by key and load, so a newer load is never removed); and completes the shared task,
/// which wakes the waiters (their continuations run asynchronously, never on the owner's thread). A caller arriving
/// after the value was stored hits it; one arriving before the load was removed joins the completed load.</para>
/// <para><b>When the factory throws</b> (or its task faults or is cancelled): nothing is stored; the owner removes its
/// load and completes the shared task with the same exception. The owner and every waiter of that run observe the
/// exception; the next caller starts a fresh load.</para>
/// <para><b>Cancellation.</b> A caller's <see cref="CancellationToken"/> only stops that caller waiting. Loads are
/// shared, so the factory of <see cref="GetOrAddAsync"/> always receives <see cref="CancellationToken.None"/> and
/// runs to completion for the other waiters (and to fill the cache) even when every waiter has gone.</para>
/// <para><b>Time to live.</b> An expired value is replaced through the same single-flight path: callers that find it
/// expired register or join one load, whose value overwrites the expired one. Expiry therefore never starts a second
/// concurrent load. Expired values stay in memory until a caller touches the key.</para>
/// <para><b>Invalidation during a load.</b> <see cref="Invalidate"/> marks an in-flight load as discarded (under the
/// load's lock, so it happens either before the owner stores the value, which is then not stored, or after, and the
/// stored value is removed): callers that had already joined it still receive its result (they asked before the
/// invalidation), but the result is not cached, and callers arriving after the invalidation wait for that run to finish
/// and then start a new one. A load can therefore never resurrect a value that was invalidated while it ran, and
/// factory runs for one key never overlap, even across invalidations.</para>
/// <para><b>Re-entry.</b> A synchronous factory that calls <see cref="GetOrAdd(TKey, Func{TKey, TValue})"/> for its
/// own key on the same thread gets a <see cref="LockRecursionException"/> instead of a deadlock.
/// Asynchronous re-entry is not detected.</para>
/// </remarks>
[DebuggerDisplay("Name = {_name}, Count = {Count}")]
public sealed class DoubleCheckedCache<TKey, TValue>
    where TKey : notnull
{
    private static readonly Func<TKey, Func<TKey, TValue>, TValue> InvokeFactory = static (key, factory) => factory(key);

    /// <summary>The values when no time to live is set (otherwise null): a hit is one lookup here.</summary>
    private readonly ValueTable<TKey, TValue>? _values;

    /// <summary>The values with their expiry when a time to live is set (otherwise null).</summary>
    private readonly ValueTable<TKey, TimedValue<TValue>>? _timedValues;

    private readonly ConcurrentDictionary<TKey, CacheLoad<TValue>> _loads;
    private readonly TimeProvider _timeProvider;
    private readonly long _timeToLiveTicks;
    private readonly string? _name;
    private readonly StripedCounterSet _counters;
    private readonly int _hitsId;
    private readonly bool _trackHits;

    /// <summary>Initializes a new cache.</summary>
    /// <param name="options">The options, or <see langword="null"/> for defaults (no expiry, system clock, hits not counted).</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DoubleCheckedCacheOptions{TKey}.TimeToLive"/> is not positive.</exception>
    public DoubleCheckedCache(DoubleCheckedCacheOptions<TKey>? options = null)
    {
        var comparer = options?.KeyComparer ?? EqualityComparer<TKey>.Default;
        _loads = new ConcurrentDictionary<TKey, CacheLoad<TValue>>(comparer);
        _timeProvider = options?.TimeProvider ?? TimeProvider.System;
        _name = options?.Name;
        if (options?.TimeToLive is { } timeToLive)
        {
            if (timeToLive <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(options), timeToLive, "TimeToLive must be positive, or null for no expiry.");
            }

            double ticks = timeToLive.TotalSeconds * _timeProvider.TimestampFrequency;
            _timeToLiveTicks = ticks >= long.MaxValue / 2 ? long.MaxValue / 2 : Math.Max(1, (long)ticks);
            _timedValues = new ValueTable<TKey, TimedValue<TValue>>(comparer);
        }
        else
        {
            _values = new ValueTable<TKey, TValue>(comparer);
        }

        _trackHits = options?.TrackHits ?? false;
        var source = _trackHits
            ? GuardedMetrics.Register(MetricSourceKind.Cache, _name, CacheCounters.Count, CacheCounters.Hits)
            : GuardedMetrics.Register(MetricSourceKind.Cache, _name, CacheCounters.Count, untrackedCounter: CacheCounters.Hits);
        _counters = source.Counters;
        _hitsId = _trackHits ? _counters.ThreadLocal!.Id : 0;
    }

    /// <summary>
    /// Gets the number of fresh values currently cached (in-flight loads and expired values are not counted).
    /// Without a time to live this is the value table's count; with one it enumerates the cache (O(n)). Either way a
    /// moment-in-time approximation while other threads write.
    /// </summary>
    public int Count
    {
        get
        {
            if (_values is { } values)
            {
                return values.Count;
            }

            int count = 0;
            long now = _timeProvider.GetTimestamp();
            foreach (var pair in _timedValues!.Entries())
            {
                if (now < pair.Value.ExpiresAt)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Returns the cached value for <paramref name="key"/>, running <paramref name="factory"/> on a miss.</summary>
    /// <param name="key">The key.</param>
    /// <param name="factory">Creates the value; runs at most once at a time per key, on the thread of the caller that won the miss.</param>
    /// <returns>The cached or loaded value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="factory"/> is null.</exception>
    /// <exception cref="LockRecursionException">The factory called back into the cache for its own key.</exception>
    /// <exception cref="Exception">
    /// Whatever <paramref name="factory"/> threw, unchanged, to this caller and every caller that joined its run; nothing is
    /// cached. A caller that joined a run of <see cref="GetOrAddAsync"/> gets that run's exception instead, or
    /// <see cref="OperationCanceledException"/> when its task was cancelled.
    /// </exception>
    /// <remarks>
    /// If another caller's load for the key is in flight (synchronous or asynchronous), this call blocks until it
    /// completes and returns its value or throws its exception. The factory's exception propagates unchanged and
    /// nothing is cached.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory)
    {
        // The hit is inlined into the caller: one lock-free lookup of the value table, no more than the table costs alone.
        if (_values is { } values && factory is not null && values.TryGetValue(key, out var value))
        {
            CountHit();
            return value;
        }

        return GetOrAddMiss(key, factory);
    }

    /// <summary>
    /// Returns the cached value for <paramref name="key"/>, running <paramref name="factory"/> with
    /// <paramref name="factoryArgument"/> on a miss (avoids allocating a closure).
    /// </summary>
    /// <typeparam name="TArg">The factory argument type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="factory">Creates the value; runs at most once at a time per key.</param>
    /// <param name="factoryArgument">Passed to <paramref name="factory"/>.</param>
    /// <returns>The cached or loaded value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="factory"/> is null.</exception>
    /// <exception cref="LockRecursionException">The factory called back into the cache for its own key.</exception>
    /// <exception cref="Exception">
    /// Whatever <paramref name="factory"/> threw, unchanged, to this caller and every caller that joined its run; nothing is
    /// cached. A caller that joined a run of <see cref="GetOrAddAsync"/> gets that run's exception instead, or
    /// <see cref="OperationCanceledException"/> when its task was cancelled.
    /// </exception>
    /// <remarks>Same protocol as <see cref="GetOrAdd(TKey, Func{TKey, TValue})"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TValue GetOrAdd<TArg>(TKey key, Func<TKey, TArg, TValue> factory, TArg factoryArgument)
    {
        if (_values is { } values && factory is not null && values.TryGetValue(key, out var value))
        {
            CountHit();
            return value;
        }

        return GetOrAddMiss(key, factory!, factoryArgument);
    }

    /// <summary>Returns the cached value for <paramref name="key"/>, running the asynchronous <paramref name="factory"/> on a miss.</summary>
    /// <param name="key">The key.</param>
    /// <param name="factory">
    /// Creates the value; runs at most once at a time per key. It always receives <see cref="CancellationToken.None"/>:
    /// the load is shared and is never cancelled on behalf of one caller.
    /// </param>
    /// <param name="cancellationToken">Stops this caller waiting; the load continues for the other waiters.</param>
    /// <returns>The cached or loaded value; completes synchronously on a hit, without allocating.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="factory"/> is null.</exception>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> was cancelled before the value was available (the load continues), or the
    /// factory's task (of the run this caller started or joined) was cancelled.
    /// </exception>
    /// <exception cref="InvalidOperationException"><paramref name="factory"/> returned a null task (to every caller of that run).</exception>
    /// <exception cref="Exception">
    /// Whatever <paramref name="factory"/> threw or its task faulted with, unchanged, to this caller and every caller that
    /// joined its run (or the exception of a <see cref="GetOrAdd(TKey, Func{TKey, TValue})"/> run it joined); nothing is cached.
    /// </exception>
    /// <remarks>Argument errors are thrown synchronously; everything else is reported through the returned task.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ValueTask<TValue> GetOrAddAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> factory, CancellationToken cancellationToken = default)
    {
        if (_values is { } values && factory is not null && values.TryGetValue(key, out var value))
        {
            CountHit();
            return new ValueTask<TValue>(value);
        }

        return GetOrAddMissAsync(key, factory!, cancellationToken);
    }

    /// <summary>Gets the cached fresh value for <paramref name="key"/> without loading or waiting.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found.</param>
    /// <returns><see langword="true"/> when a fresh value is cached; <see langword="false"/> when there is none, it expired, or its load is still in flight.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value) =>
        _values is { } values ? values.TryGetValue(key, out value) : TryGetTimed(key, out value);

    private bool TryGetTimed(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_timedValues!.TryGetValue(key, out var timed))
        {
            if (_timeProvider.GetTimestamp() < timed.ExpiresAt)
            {
                value = timed.Value;
                return true;
            }

            // Expired: drop exactly this value; a newer one (stored meanwhile) is left alone.
            RemoveTimed(key, timed);
        }

        value = default;
        return false;
    }

    /// <summary>Removes the value cached for <paramref name="key"/>, or discards the load in flight for it.</summary>
    /// <param name="key">The key.</param>
    /// <returns>
    /// <see langword="true"/> when this call removed a value or discarded a running load; <see langword="false"/>
    /// when there was nothing to remove (or the running load was already discarded).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <remarks>
    /// A discarded load keeps running: callers that joined it before this call receive its result, but the result is
    /// not cached, and callers arriving later wait for it to finish and then load again (see the class remarks).
    /// </remarks>
    public bool Invalidate(TKey key)
    {
        bool invalidated = false;
        if (_loads.TryGetValue(key, out var load))
        {
            if (load.TryDiscard(out bool discardedNow))
            {
                invalidated = discardedNow;
            }
            else
            {
                // Completed, its value stored, but not yet removed by its owner: unregister it now, or a caller arriving
                // after this call would join it and receive the value this call removes.
                RemoveLoad(key, load);
            }
        }

        return RemoveValue(key) | invalidated;
    }

    /// <summary>Invalidates every key (see <see cref="Invalidate"/>); not atomic with respect to concurrent loads of other keys.</summary>
    public void Clear()
    {
        foreach (var pair in _loads)
        {
            Invalidate(pair.Key);
        }

        foreach (var key in _values?.SnapshotKeys() ?? _timedValues!.SnapshotKeys())
        {
            Invalidate(key);
        }
    }

    /// <summary>Returns a snapshot of this cache's counters.</summary>
    /// <returns>The counters; see <see cref="DoubleCheckedCacheStatistics"/> for what each counts.</returns>
    public DoubleCheckedCacheStatistics GetStatistics() => new(
        _trackHits ? _counters.Read(CacheCounters.Hits) : null,
        _counters.Read(CacheCounters.Misses),
        _counters.Read(CacheCounters.Loads),
        _counters.Read(CacheCounters.DoubleLoadsPrevented),
        _counters.Read(CacheCounters.LockWaits),
        _counters.Read(CacheCounters.Failures));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountHit()
    {
        if (_trackHits)
        {
            ThreadCounters.Increment(_hitsId);
        }
    }

    private TValue GetOrAddMiss(TKey key, Func<TKey, TValue>? factory) =>
        factory is null ? throw new ArgumentNullException(nameof(factory)) : GetOrAddMiss(key, InvokeFactory, factory);

    /// <summary>Everything but a plain hit: argument check, the time-to-live table, then the single-flight miss.</summary>
    private TValue GetOrAddMiss<TArg>(TKey key, Func<TKey, TArg, TValue> factory, TArg factoryArgument)
    {
        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        if (_timedValues is not null && TryGetFreshTimed(key, out var value))
        {
            CountHit();
            return value;
        }

        return GetOrAddSlow(key, factory, factoryArgument);
    }

    private ValueTask<TValue> GetOrAddMissAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> factory, CancellationToken cancellationToken)
    {
        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        if (_timedValues is not null && TryGetFreshTimed(key, out var value))
        {
            CountHit();
            return new ValueTask<TValue>(value);
        }

        return new ValueTask<TValue>(GetOrAddSlowAsync(key, factory, cancellationToken));
    }

    private bool TryGetFreshTimed(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_timedValues!.TryGetValue(key, out var timed) && _timeProvider.GetTimestamp() < timed.ExpiresAt)
        {
            value = timed.Value;
            return true;
        }

        value = default;
        return false;
    }

    private bool TryGetFresh(TKey key, [MaybeNullWhen(false)] out TValue value) =>
        _values is { } values ? values.TryGetValue(key, out value) : TryGetFreshTimed(key, out value);

    /// <summary>Registers a new load for <paramref name="key"/>; null when another load is in flight (the caller looks again).</summary>
    private CacheLoad<TValue>? TryStartLoad(TKey key, int ownerThreadId)
    {
        var load = new CacheLoad<TValue>(ownerThreadId);
        return _loads.TryAdd(key, load) ? load : null;
    }

    private TValue GetOrAddSlow<TArg>(TKey key, Func<TKey, TArg, TValue> factory, TArg factoryArgument)
    {
        _counters.Increment(CacheCounters.Misses);
        while (true)
        {
            if (_loads.TryGetValue(key, out var load))
            {
                if (Volatile.Read(ref load.OwnerThreadId) == Environment.CurrentManagedThreadId)
                {
                    throw new LockRecursionException(
                        $"The factory for key '{key}' called back into the cache for the same key; this would deadlock.");
                }

                var task = load.Completion.Task;
                if (!task.IsCompleted)
                {
                    _counters.Increment(CacheCounters.LockWaits);
                }

                if (load.IsJoinable)
                {
                    _counters.Increment(CacheCounters.DoubleLoadsPrevented);
                    return task.GetAwaiter().GetResult();
                }

                // Discarded by Invalidate: wait for that run to end (whatever its outcome), then load again.
                TaskHelpers.WhenCompleted(task).GetAwaiter().GetResult();
                continue;
            }

            if (TryGetFresh(key, out var value))
            {
                _counters.Increment(CacheCounters.DoubleLoadsPrevented);
                return value;
            }

            if (TryStartLoad(key, Environment.CurrentManagedThreadId) is not { } mine)
            {
                continue;
            }

            // This thread owns the load. The double check: a load that completed since the lookups above stored its value.
            if (TryGetFresh(key, out value))
            {
                Volatile.Write(ref mine.OwnerThreadId, 0);
                _counters.Increment(CacheCounters.DoubleLoadsPrevented);
                Complete(key, mine, value, store: false);
                return value;
            }

            _counters.Increment(CacheCounters.Loads);
            try
            {
                value = factory(key, factoryArgument);
            }
            catch (Exception exception)
            {
                Volatile.Write(ref mine.OwnerThreadId, 0);
                Fail(key, mine, exception, taskException: null, canceled: false);
                throw;
            }

            Volatile.Write(ref mine.OwnerThreadId, 0);
            Complete(key, mine, value, store: true);
            return value;
        }
    }

    private async Task<TValue> GetOrAddSlowAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> factory, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _counters.Increment(CacheCounters.Misses);
        while (true)
        {
            if (_loads.TryGetValue(key, out var load))
            {
                var task = load.Completion.Task;
                if (!task.IsCompleted)
                {
                    _counters.Increment(CacheCounters.LockWaits);
                }

                if (load.IsJoinable)
                {
                    _counters.Increment(CacheCounters.DoubleLoadsPrevented);
                    return await TaskHelpers.WaitAsync(task, cancellationToken).ConfigureAwait(false);
                }

                await TaskHelpers.WaitForCompletionAsync(task, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (TryGetFresh(key, out var value))
            {
                _counters.Increment(CacheCounters.DoubleLoadsPrevented);
                return value;
            }

            if (TryStartLoad(key, 0) is not { } mine)
            {
                continue;
            }

            if (TryGetFresh(key, out value))
            {
                _counters.Increment(CacheCounters.DoubleLoadsPrevented);
                Complete(key, mine, value, store: false);
                return value;
            }

            // This caller owns the load. The load completes on its own (CompleteLoadAsync); the owner then waits
            // for it like any other caller, so its cancellation does not affect the load.
            StartLoad(key, mine, factory);
            return await TaskHelpers.WaitAsync(mine.Completion.Task, cancellationToken).ConfigureAwait(false);
        }
    }

    private void StartLoad(TKey key, CacheLoad<TValue> mine, Func<TKey, CancellationToken, Task<TValue>> factory)
    {
        _counters.Increment(CacheCounters.Loads);
        Task<TValue> task;
        try
        {
            task = factory(key, CancellationToken.None)
                ?? throw new InvalidOperationException("The cache factory returned a null task.");
        }
        catch (Exception exception)
        {
            Fail(key, mine, exception, taskException: null, canceled: false);
            return;
        }

        _ = CompleteLoadAsync(key, mine, task);
    }

    private async Task CompleteLoadAsync(TKey key, CacheLoad<TValue> mine, Task<TValue> task)
    {
        // Never throws: every outcome of the factory's task is handed to the waiters.
        await TaskHelpers.WhenCompleted(task).ConfigureAwait(false);
        if (task.Status == TaskStatus.RanToCompletion)
        {
            Complete(key, mine, task.Result, store: true);
        }
        else if (task.IsCanceled)
        {
            Fail(key, mine, null, taskException: null, canceled: true);
        }
        else
        {
            Fail(key, mine, null, task.Exception, canceled: false);
        }
    }

    /// <summary>Ends a load with <paramref name="value"/>: stores it unless invalidated meanwhile (or <paramref name="store"/> is false, when it came from the table), then releases the waiters.</summary>
    private void Complete(TKey key, CacheLoad<TValue> load, TValue value, bool store)
    {
        lock (load)
        {
            if (load.MarkCompleted() && store)
            {
                if (_values is { } values)
                {
                    values.Set(key, value);
                }
                else
                {
                    _timedValues!.Set(key, new TimedValue<TValue>(value, _timeProvider.GetTimestamp() + _timeToLiveTicks));
                }
            }
        }

        RemoveLoad(key, load);
        load.Completion.TrySetResult(value);
    }

    private void Fail(TKey key, CacheLoad<TValue> load, Exception? exception, AggregateException? taskException, bool canceled)
    {
        _counters.Increment(CacheCounters.Failures);
        lock (load)
        {
            load.MarkCompleted();
        }

        RemoveLoad(key, load);
        if (canceled)
        {
            load.Completion.TrySetCanceled();
        }
        else if (taskException is not null)
        {
            // A faulted task: hand over its exceptions so awaiting waiters observe the original exception.
            load.Completion.TrySetException(taskException.InnerExceptions);
        }
        else
        {
            load.Completion.TrySetException(exception!);
        }

        TaskHelpers.Observe(load.Completion.Task);
    }

    private bool RemoveValue(TKey key) =>
        _values is { } values ? values.TryRemove(key, out _) : _timedValues!.TryRemove(key, out _);

    // By key and value (reference equality): never removes a newer load or value that replaced this one.
    private void RemoveLoad(TKey key, CacheLoad<TValue> load)
    {
#if NET8_0_OR_GREATER
        _loads.TryRemove(new KeyValuePair<TKey, CacheLoad<TValue>>(key, load));
#else
        ((ICollection<KeyValuePair<TKey, CacheLoad<TValue>>>)_loads).Remove(new KeyValuePair<TKey, CacheLoad<TValue>>(key, load));
#endif
    }

    private void RemoveTimed(TKey key, TimedValue<TValue> timed) => _timedValues!.TryRemoveExact(key, timed);
}
