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
/// <para><b>Hits.</b> A hit is one <see cref="ConcurrentDictionary{TKey, TValue}"/> lookup of an immutable entry stored
/// inline in the dictionary's node, a check of the entry's state, an expiry check (only when a time-to-live is set) and
/// a plain increment of a per-thread counter cell: no lock, no interlocked instruction, no allocation.</para>
/// <para><b>Misses (single flight).</b> A caller that finds no fresh value tries to publish a <i>loading</i> entry
/// for the key with a compare-and-swap (<c>TryAdd</c>, or <c>TryUpdate</c> over an expired value). Exactly one
/// caller wins and becomes the load's owner; it runs the factory. Every other caller finds the loading entry and
/// waits for that load's result (a <see cref="TaskCompletionSource{TResult}"/>), so the factory runs once.</para>
/// <para><b>Protocol, thread by thread, when the factory completes.</b> The owner takes the load's lock, marks it
/// completed and, unless it was invalidated meanwhile, replaces the loading entry with the value entry
/// (compare-and-swap by reference); then it releases the lock and completes the shared task, which wakes the
/// waiters (their continuations run asynchronously, never on the owner's thread). Waiters return the value.</para>
/// <para><b>When the factory throws</b> (or its task faults or is cancelled): the owner removes the loading entry
/// by key <i>and</i> value, so a newer entry is never evicted, and completes the shared task with the same
/// exception. Nothing is cached; the owner and every waiter of that run observe the exception; the next caller
/// starts a fresh load.</para>
/// <para><b>Cancellation.</b> A caller's <see cref="CancellationToken"/> only stops that caller waiting. Loads are
/// shared, so the factory of <see cref="GetOrAddAsync"/> always receives <see cref="CancellationToken.None"/> and
/// runs to completion for the other waiters (and to fill the cache) even when every waiter has gone.</para>
/// <para><b>Time to live.</b> An expired value is replaced through the same single-flight path: the first caller
/// to see it expired swaps it for a loading entry (compare-and-swap against the expired entry), the others join
/// that load. Expiry therefore never starts a second concurrent load. Expired values stay in memory until a
/// caller touches the key.</para>
/// <para><b>Invalidation during a load.</b> <see cref="Invalidate"/> marks an in-flight load as discarded: callers
/// that had already joined it still receive its result (they asked before the invalidation), but the result is
/// not cached, and callers arriving after the invalidation wait for that run to finish and then start a new one.
/// A load can therefore never resurrect a value that was invalidated while it ran, and factory runs for one key
/// never overlap, even across invalidations.</para>
/// <para><b>Re-entry.</b> A synchronous factory that calls <see cref="GetOrAdd(TKey, Func{TKey, TValue})"/> for its
/// own key on the same thread gets a <see cref="LockRecursionException"/> instead of a deadlock.
/// Asynchronous re-entry is not detected.</para>
/// </remarks>
[DebuggerDisplay("Name = {_name}, Count = {Count}")]
public sealed class DoubleCheckedCache<TKey, TValue>
    where TKey : notnull
{
    private static readonly Func<TKey, Func<TKey, TValue>, TValue> InvokeFactory = static (key, factory) => factory(key);

    private readonly ConcurrentDictionary<TKey, CacheEntry<TValue>> _entries;
    private readonly TimeProvider _timeProvider;
    private readonly long _timeToLiveTicks;
    private readonly string? _name;
    private readonly StripedCounterSet _counters;
    private readonly ThreadCounter _hits;
    private readonly int _hitsId;
    private long _lastStamp;

    /// <summary>Initializes a new cache.</summary>
    /// <param name="options">The options, or <see langword="null"/> for defaults (no expiry, system clock).</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DoubleCheckedCacheOptions{TKey}.TimeToLive"/> is not positive.</exception>
    public DoubleCheckedCache(DoubleCheckedCacheOptions<TKey>? options = null)
    {
        _entries = new ConcurrentDictionary<TKey, CacheEntry<TValue>>(options?.KeyComparer ?? EqualityComparer<TKey>.Default);
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
        }

        _counters = GuardedMetrics.Register(MetricSourceKind.Cache, _name, CacheCounters.Count, CacheCounters.Hits).Counters;
        _hits = _counters.ThreadLocal!;
        _hitsId = _hits.Id;
    }

    /// <summary>
    /// Gets the number of fresh values currently cached (in-flight loads and expired values are not counted).
    /// Enumerates the cache: O(n), a moment-in-time approximation while other threads write.
    /// </summary>
    public int Count
    {
        get
        {
            int count = 0;
            long now = _timeToLiveTicks == 0 ? 0 : _timeProvider.GetTimestamp();
            foreach (var pair in _entries)
            {
                var entry = pair.Value;
                if (entry.Load is null && (entry.ExpiresAt == long.MaxValue || now < entry.ExpiresAt))
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
    /// <remarks>
    /// If another caller's load for the key is in flight (synchronous or asynchronous), this call blocks until it
    /// completes and returns its value or throws its exception. The factory's exception propagates unchanged and
    /// nothing is cached.
    /// </remarks>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory)
    {
        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        if (_entries.TryGetValue(key, out var entry) && IsFresh(in entry))
        {
            ThreadCounters.Increment(_hitsId);
            return entry.Value;
        }

        return GetOrAddSlow(key, InvokeFactory, factory);
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
    /// <remarks>Same protocol as <see cref="GetOrAdd(TKey, Func{TKey, TValue})"/>.</remarks>
    public TValue GetOrAdd<TArg>(TKey key, Func<TKey, TArg, TValue> factory, TArg factoryArgument)
    {
        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        if (_entries.TryGetValue(key, out var entry) && IsFresh(in entry))
        {
            ThreadCounters.Increment(_hitsId);
            return entry.Value;
        }

        return GetOrAddSlow(key, factory, factoryArgument);
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
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the value was available.</exception>
    public ValueTask<TValue> GetOrAddAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> factory, CancellationToken cancellationToken = default)
    {
        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        if (_entries.TryGetValue(key, out var entry) && IsFresh(in entry))
        {
            ThreadCounters.Increment(_hitsId);
            return new ValueTask<TValue>(entry.Value);
        }

        return new ValueTask<TValue>(GetOrAddSlowAsync(key, factory, cancellationToken));
    }

    /// <summary>Gets the cached fresh value for <paramref name="key"/> without loading or waiting.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found.</param>
    /// <returns><see langword="true"/> when a fresh value is cached; <see langword="false"/> when there is none, it expired, or its load is still in flight.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Load is null)
        {
            if (IsFresh(in entry))
            {
                value = entry.Value;
                return true;
            }

            // Expired: drop exactly this entry; a newer one (added meanwhile) is left alone.
            Remove(key, entry);
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
        while (true)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return false;
            }

            if (entry.Load is { } load)
            {
                if (load.TryDiscard(out bool discardedNow))
                {
                    return discardedNow;
                }

                // The load completed meanwhile and already replaced its entry under its lock: look again.
                continue;
            }

            if (Remove(key, entry))
            {
                return true;
            }
        }
    }

    /// <summary>Invalidates every key (see <see cref="Invalidate"/>); not atomic with respect to concurrent loads of other keys.</summary>
    public void Clear()
    {
        foreach (var pair in _entries)
        {
            Invalidate(pair.Key);
        }
    }

    /// <summary>Returns a snapshot of this cache's counters.</summary>
    /// <returns>The counters; see <see cref="DoubleCheckedCacheStatistics"/> for what each counts.</returns>
    public DoubleCheckedCacheStatistics GetStatistics() => new(
        _counters.Read(CacheCounters.Hits),
        _counters.Read(CacheCounters.Misses),
        _counters.Read(CacheCounters.Loads),
        _counters.Read(CacheCounters.DoubleLoadsPrevented),
        _counters.Read(CacheCounters.LockWaits),
        _counters.Read(CacheCounters.Failures));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsFresh(in CacheEntry<TValue> entry) =>
        entry.Load is null && (entry.ExpiresAt == long.MaxValue || _timeProvider.GetTimestamp() < entry.ExpiresAt);

    private TValue GetOrAddSlow<TArg>(TKey key, Func<TKey, TArg, TValue> factory, TArg factoryArgument)
    {
        _counters.Increment(CacheCounters.Misses);
        while (true)
        {
            CacheEntry<TValue> mine;
            if (_entries.TryGetValue(key, out var current))
            {
                if (current.Load is { } load)
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

                if (IsFresh(in current))
                {
                    _counters.Increment(CacheCounters.DoubleLoadsPrevented);
                    return current.Value;
                }

                mine = new CacheEntry<TValue>(new CacheLoad<TValue>(Environment.CurrentManagedThreadId), NextStamp());
                if (!_entries.TryUpdate(key, mine, current))
                {
                    continue;
                }
            }
            else
            {
                mine = new CacheEntry<TValue>(new CacheLoad<TValue>(Environment.CurrentManagedThreadId), NextStamp());
                if (!_entries.TryAdd(key, mine))
                {
                    continue;
                }
            }

            // This thread owns the load.
            _counters.Increment(CacheCounters.Loads);
            TValue value;
            try
            {
                value = factory(key, factoryArgument);
            }
            catch (Exception exception)
            {
                Volatile.Write(ref mine.Load!.OwnerThreadId, 0);
                Fail(key, mine, exception, taskException: null, canceled: false);
                throw;
            }

            Volatile.Write(ref mine.Load!.OwnerThreadId, 0);
            Succeed(key, mine, value);
            return value;
        }
    }

    private async Task<TValue> GetOrAddSlowAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> factory, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _counters.Increment(CacheCounters.Misses);
        while (true)
        {
            CacheEntry<TValue> mine;
            if (_entries.TryGetValue(key, out var current))
            {
                if (current.Load is { } load)
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

                if (IsFresh(in current))
                {
                    _counters.Increment(CacheCounters.DoubleLoadsPrevented);
                    return current.Value;
                }

                mine = new CacheEntry<TValue>(new CacheLoad<TValue>(0), NextStamp());
                if (!_entries.TryUpdate(key, mine, current))
                {
                    continue;
                }
            }
            else
            {
                mine = new CacheEntry<TValue>(new CacheLoad<TValue>(0), NextStamp());
                if (!_entries.TryAdd(key, mine))
                {
                    continue;
                }
            }

            // This caller owns the load. The load completes on its own (CompleteLoadAsync); the owner then waits
            // for it like any other caller, so its cancellation does not affect the load.
            StartLoad(key, mine, factory);
            return await TaskHelpers.WaitAsync(mine.Load!.Completion.Task, cancellationToken).ConfigureAwait(false);
        }
    }

    private void StartLoad(TKey key, CacheEntry<TValue> mine, Func<TKey, CancellationToken, Task<TValue>> factory)
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

    private async Task CompleteLoadAsync(TKey key, CacheEntry<TValue> mine, Task<TValue> task)
    {
        // Never throws: every outcome of the factory's task is handed to the waiters.
        await TaskHelpers.WhenCompleted(task).ConfigureAwait(false);
        if (task.Status == TaskStatus.RanToCompletion)
        {
            Succeed(key, mine, task.Result);
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

    private void Succeed(TKey key, CacheEntry<TValue> mine, TValue value)
    {
        var load = mine.Load!;
        lock (load)
        {
            if (load.MarkCompleted())
            {
                long expiresAt = _timeToLiveTicks == 0 ? long.MaxValue : _timeProvider.GetTimestamp() + _timeToLiveTicks;

                // Cannot fail: only the owner replaces a loading entry, and Invalidate marks it instead of removing it.
                _entries.TryUpdate(key, new CacheEntry<TValue>(value, expiresAt, NextStamp()), mine);
            }
            else
            {
                Remove(key, mine);
            }
        }

        load.Completion.TrySetResult(value);
    }

    private void Fail(TKey key, CacheEntry<TValue> mine, Exception? exception, AggregateException? taskException, bool canceled)
    {
        _counters.Increment(CacheCounters.Failures);
        var load = mine.Load!;
        lock (load)
        {
            load.MarkCompleted();
            Remove(key, mine);
        }

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

    /// <summary>A new entry identity (slow path only: entries are created by loads).</summary>
    private long NextStamp() => Interlocked.Increment(ref _lastStamp);

    private bool Remove(TKey key, CacheEntry<TValue> entry)
    {
        // By key and value (the entry's stamp): never removes a newer entry that replaced this one.
#if NET8_0_OR_GREATER
        return _entries.TryRemove(new KeyValuePair<TKey, CacheEntry<TValue>>(key, entry));
#else
        return ((ICollection<KeyValuePair<TKey, CacheEntry<TValue>>>)_entries).Remove(new KeyValuePair<TKey, CacheEntry<TValue>>(key, entry));
#endif
    }
}
