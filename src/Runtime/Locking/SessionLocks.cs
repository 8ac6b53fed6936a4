using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Diagnostics;
using Guarded.Internal;
using Guarded.Locking;

namespace Guarded;

/// <summary>
/// One mutual-exclusion lock per key (for example per session id), created on first use and removed when idle.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <remarks>
/// <para><b>Guarantee.</b> At most one <see cref="SessionLock"/> holds a key's lock at any time, including across
/// sweeps: an entry is removed only when nobody holds it, waits for it, or is about to try it.</para>
/// <para><b>Acquire, thread by thread.</b> (1) Look the key's entry up, creating it if missing; (2) in one
/// compare-and-swap on the entry's state word, increment its reference count (pin it) <i>before</i> trying the lock, and
/// take the lock if it is free: that is the whole uncontended path (no lock statement, no semaphore); if the entry was
/// retired by a sweep in between, remove it from the table (by key and entry, so a newer entry is never removed) and
/// start again with a fresh one; (3) if the lock was busy, the caller stays pinned, queues a waiter under the entry's
/// monitor and waits for the releasing holder to hand the lock over, in FIFO order. Waiters are woken asynchronously
/// (never on the releasing thread).</para>
/// <para><b>Release.</b> Disposing the handle either frees the lock, drops the pin and advances the entry's hold
/// generation in one compare-and-swap (no waiters), or hands the lock to the first queued waiter (the lock never becomes
/// free in between, so nobody can barge in) and drops the pin. A handle releases only the hold of the generation it was
/// granted, which makes <see cref="SessionLock.Dispose"/> idempotent without an atomic operation of its own. No clock is
/// read on acquire or release.</para>
/// <para><b>Timeouts and cancellation.</b> A waiter's timeout (a <see cref="TimeProvider"/> timer, created only when a
/// caller actually has to wait with a finite timeout) and its cancellation race with the hand-over under the entry's
/// monitor; exactly one wins. If the hand-over wins, the acquisition succeeds even though the timeout or cancellation
/// fired a moment later; if the timeout or cancellation wins, the waiter has left the queue and the lock goes to the
/// next waiter. A lock is never leaked. A timeout throws <see cref="SessionLockTimeoutException"/> (or returns
/// <see langword="null"/>/<see langword="false"/> from the <c>TryAcquire</c> methods); cancellation throws
/// <see cref="OperationCanceledException"/>.</para>
/// <para><b>Re-entry</b> is not supported and fails fast: when the lock is busy and the current logical flow already
/// holds it, or is already waiting for it, the acquisition throws <see cref="LockRecursionException"/> naming the key
/// instead of deadlocking. A "logical flow" is tracked with an <see cref="AsyncLocal{T}"/>: a hold acquired by a method
/// is visible to the rest of that method (across awaits) and to the tasks it starts afterwards, so a task started while
/// holding a key that then acquires the same key is also reported (it would deadlock if awaited under the hold). Holds
/// of other flows (including sibling tasks) are waited for normally. Recording the hold costs one
/// <see cref="AsyncLocal{T}"/> write per acquisition, about as much as the rest of the uncontended acquisition;
/// <see cref="SessionLocksOptions{TKey}.DetectReentry"/> turns detection off for code that never re-enters (re-entry then
/// waits for itself: give such instances a <see cref="SessionLocksOptions{TKey}.DefaultTimeout"/>).</para>
/// <para><b>Sweeping.</b> <see cref="Sweep"/> (and the optional background sweep) retires entries that nobody
/// references and that have been unused for at least <c>maxIdle</c>, with a compare-and-swap of the state word to -1; a
/// retired entry can never be pinned again. Idle time is measured by the sweeps themselves, like a CLOCK cache: a sweep
/// that finds an entry unused records the time and the entry's hold generation, and a later sweep that finds the same
/// generation, still unused, at least <c>maxIdle</c> later retires it. An entry is therefore never removed less than
/// <c>maxIdle</c> after its last use, and the background sweep removes it at most <c>MaxIdle</c> plus two sweep intervals
/// after it.</para>
/// </remarks>
[DebuggerDisplay("Name = {_name}, Count = {Count}")]
public sealed class SessionLocks<TKey> : ISessionLocks<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, LockEntry> _entries;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _defaultTimeout;
    private readonly string? _name;
    private readonly bool _detectReentry;
    private readonly StripedCounterSet _counters;
    private readonly ThreadCounter _acquisitions;
    private readonly ITimer? _sweepTimer;

    /// <summary>Serializes sweeps: each entry's record of when a sweep last saw it unused is written only under it.</summary>
    private readonly object _sweepGate = new();
    private int _disposed;

    /// <summary>Initializes a new set of per-key locks.</summary>
    /// <param name="options">The options, or <see langword="null"/> for defaults (infinite default timeout, no background sweep).</param>
    /// <exception cref="ArgumentOutOfRangeException">The default timeout, sweep interval or maximum idle time is out of range.</exception>
    public SessionLocks(SessionLocksOptions<TKey>? options = null)
    {
        _entries = new ConcurrentDictionary<TKey, LockEntry>(options?.KeyComparer ?? EqualityComparer<TKey>.Default);
        _timeProvider = options?.TimeProvider ?? TimeProvider.System;
        _defaultTimeout = options?.DefaultTimeout ?? Timeout.InfiniteTimeSpan;
        Guard.Timeout(_defaultTimeout, nameof(options));
        _name = options?.Name;
        _detectReentry = options?.DetectReentry ?? true;
        _counters = GuardedMetrics.Register(MetricSourceKind.SessionLocks, _name, SessionLockCounters.Count, SessionLockCounters.Acquisitions).Counters;
        _acquisitions = _counters.ThreadLocal!;
        if (options?.SweepInterval is { } interval)
        {
            Guard.Positive(interval, nameof(options));
            Guard.NotNegative(options.MaxIdle, nameof(options));
            var maxIdle = options.MaxIdle;
            var self = new WeakReference<SessionLocks<TKey>>(this);
            _sweepTimer = _timeProvider.CreateTimer(
                static state =>
                {
                    var (reference, idle) = ((WeakReference<SessionLocks<TKey>>, TimeSpan))state!;
                    if (reference.TryGetTarget(out var locks) && Volatile.Read(ref locks._disposed) == 0)
                    {
                        locks.Sweep(idle);
                    }
                },
                (self, maxIdle),
                interval,
                interval);
        }
    }

    /// <summary>Gets the number of key entries currently tracked (held, awaited or idle but not yet swept).</summary>
    public int Count => (int)_counters.Read(SessionLockCounters.LiveKeys);

    /// <summary>Gets the number of callers queued across all keys (diagnostics and tests; O(n)).</summary>
    internal int QueuedWaiters
    {
        get
        {
            int count = 0;
            foreach (var pair in _entries)
            {
                count += pair.Value.WaiterCount;
            }

            return count;
        }
    }

    /// <summary>Acquires the lock of <paramref name="key"/>, waiting up to the default timeout.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The handle; dispose it to release the lock.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="SessionLockTimeoutException">The default timeout elapsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    public SessionLock Acquire(TKey key, CancellationToken cancellationToken = default) =>
        Acquire(key, _defaultTimeout, cancellationToken);

    /// <summary>Acquires the lock of <paramref name="key"/>, blocking the calling thread up to <paramref name="timeout"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="timeout">How long to wait; <see cref="TimeSpan.Zero"/> does not wait, <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The handle; dispose it to release the lock.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="SessionLockTimeoutException">The timeout elapsed; the message names the key and the timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    public SessionLock Acquire(TKey key, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        AcquireCore(key, timeout, cancellationToken, throwOnTimeout: true)!;

    /// <summary>Tries to acquire the lock of <paramref name="key"/> within the default timeout.</summary>
    /// <param name="key">The key.</param>
    /// <param name="handle">The handle when acquired; dispose it to release the lock.</param>
    /// <returns><see langword="true"/> when acquired; <see langword="false"/> when the timeout elapsed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    public bool TryAcquire(TKey key, [NotNullWhen(true)] out SessionLock? handle) =>
        TryAcquire(key, _defaultTimeout, out handle);

    /// <summary>Tries to acquire the lock of <paramref name="key"/>, blocking the calling thread up to <paramref name="timeout"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="timeout">How long to wait; <see cref="TimeSpan.Zero"/> does not wait, <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="handle">The handle when acquired; dispose it to release the lock.</param>
    /// <returns><see langword="true"/> when acquired; <see langword="false"/> when the timeout elapsed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    public bool TryAcquire(TKey key, TimeSpan timeout, [NotNullWhen(true)] out SessionLock? handle)
    {
        handle = AcquireCore(key, timeout, CancellationToken.None, throwOnTimeout: false);
        return handle is not null;
    }

    /// <summary>Acquires the lock of <paramref name="key"/> asynchronously, waiting up to the default timeout.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The handle; dispose it to release the lock. Completes synchronously when the lock is free.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="SessionLockTimeoutException">The default timeout elapsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock (thrown synchronously).</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    public ValueTask<SessionLock> AcquireAsync(TKey key, CancellationToken cancellationToken = default) =>
        AcquireAsync(key, _defaultTimeout, cancellationToken);

    /// <summary>Acquires the lock of <paramref name="key"/> asynchronously, waiting up to <paramref name="timeout"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="timeout">How long to wait; <see cref="TimeSpan.Zero"/> does not wait, <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The handle; dispose it to release the lock. Completes synchronously when the lock is free.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="SessionLockTimeoutException">The timeout elapsed; the message names the key and the timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock (thrown synchronously).</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    public ValueTask<SessionLock> AcquireAsync(TKey key, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var pending = AcquireCoreAsync(key, timeout, cancellationToken, throwOnTimeout: true);
        return pending.IsCompletedSuccessfully
            ? new ValueTask<SessionLock>(pending.Result!)
            : new ValueTask<SessionLock>(NotNullAsync(pending));
    }

    /// <summary>Tries to acquire the lock of <paramref name="key"/> asynchronously within the default timeout.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The handle, or <see langword="null"/> when the timeout elapsed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock (thrown synchronously).</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    public ValueTask<SessionLock?> TryAcquireAsync(TKey key, CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(key, _defaultTimeout, cancellationToken, throwOnTimeout: false);

    /// <summary>Tries to acquire the lock of <paramref name="key"/> asynchronously, waiting up to <paramref name="timeout"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="timeout">How long to wait; <see cref="TimeSpan.Zero"/> does not wait, <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The handle, or <see langword="null"/> when the timeout elapsed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock (thrown synchronously).</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    public ValueTask<SessionLock?> TryAcquireAsync(TKey key, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(key, timeout, cancellationToken, throwOnTimeout: false);

    /// <summary>Removes the entries of keys that nobody holds or awaits and that have been idle for at least <paramref name="maxIdle"/>.</summary>
    /// <param name="maxIdle">The minimum idle time; <see cref="TimeSpan.Zero"/> removes every unused entry at once.</param>
    /// <returns>The number of entries removed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxIdle"/> is negative.</exception>
    /// <remarks>
    /// Never removes an entry that is held, awaited, or pinned by an acquirer about to try it (see the class remarks).
    /// Idle time is observed by sweeps, not stamped by every release (see the class remarks): with a positive
    /// <paramref name="maxIdle"/>, the first sweep that finds an entry unused records the time, and an entry is removed
    /// by a later sweep that runs at least <paramref name="maxIdle"/> after that one, if nobody used the entry in
    /// between. Sweep periodically (or configure <see cref="SessionLocksOptions{TKey}.SweepInterval"/>); concurrent calls
    /// run one after the other.
    /// </remarks>
    public int Sweep(TimeSpan maxIdle)
    {
        Guard.NotNegative(maxIdle, nameof(maxIdle));
        int removed = 0;
        lock (_sweepGate)
        {
            long now = _timeProvider.GetTimestamp();
            foreach (var pair in _entries)
            {
                if (pair.Value.TryRetire(now, maxIdle, _timeProvider))
                {
                    removed++;
                    RemoveEntry(pair.Key, pair.Value);
                }
            }
        }

        if (removed > 0)
        {
            _counters.Add(SessionLockCounters.Swept, removed);
        }

        return removed;
    }

    /// <inheritdoc/>
    ISessionLockHandle ISessionLocks<TKey>.Acquire(TKey key, TimeSpan timeout, CancellationToken cancellationToken) => Acquire(key, timeout, cancellationToken);

    /// <inheritdoc/>
    bool ISessionLocks<TKey>.TryAcquire(TKey key, TimeSpan timeout, [NotNullWhen(true)] out ISessionLockHandle? handle)
    {
        bool acquired = TryAcquire(key, timeout, out var concrete);
        handle = concrete;
        return acquired;
    }

    /// <inheritdoc/>
    ValueTask<ISessionLockHandle> ISessionLocks<TKey>.AcquireAsync(TKey key, TimeSpan timeout, CancellationToken cancellationToken) =>
        HandleConversions.Widen(AcquireAsync(key, timeout, cancellationToken));

    /// <inheritdoc/>
    ValueTask<ISessionLockHandle?> ISessionLocks<TKey>.TryAcquireAsync(TKey key, TimeSpan timeout, CancellationToken cancellationToken) =>
        HandleConversions.WidenNullable(TryAcquireAsync(key, timeout, cancellationToken));

    /// <summary>Returns a snapshot of this instance's counters.</summary>
    /// <returns>The counters.</returns>
    public SessionLocksStatistics GetStatistics() => new(
        _counters.Read(SessionLockCounters.Acquisitions),
        _counters.Read(SessionLockCounters.Contended),
        _counters.Read(SessionLockCounters.Timeouts),
        _counters.Read(SessionLockCounters.LiveKeys),
        _counters.Read(SessionLockCounters.Swept));

    /// <summary>
    /// Stops the background sweep, refuses new acquisitions and fails every caller still waiting for a lock, both with
    /// <see cref="ObjectDisposedException"/>. Handles already held stay valid and release normally (nobody is handed the
    /// lock any more). Idempotent.
    /// </summary>
    /// <remarks>
    /// A waiter that queues while <see cref="Dispose"/> runs is failed too: it checks for disposal after queuing, and
    /// <see cref="Dispose"/> sets the flag before it visits the queues, so one of the two always sees the other. An
    /// acquisition that takes or is handed a lock after <see cref="Dispose"/> began releases it and fails the same way,
    /// so no handle is returned once <see cref="Dispose"/> has begun, except to an acquisition that already held the
    /// lock and was returning it.
    /// </remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _sweepTimer?.Dispose();
        foreach (var pair in _entries)
        {
            pair.Value.AbandonAll();
        }
    }

    private static async Task<SessionLock> NotNullAsync(ValueTask<SessionLock?> pending) => (await pending.ConfigureAwait(false))!;

    private SessionLock? AcquireCore(TKey key, TimeSpan timeout, CancellationToken cancellationToken, bool throwOnTimeout)
    {
        var handle = Begin(key, timeout, cancellationToken, throwOnTimeout, out var waiter);
        if (waiter is null)
        {
            return handle;
        }

        var entry = handle!.Entry;
        bool granted;
        try
        {
            // Blocks this thread; a hand-over, the timeout or the cancellation completes the waiter.
            granted = waiter.Completion.Task.GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            waiter.Disarm();
            entry.Unpin();
            throw;
        }

        waiter.Disarm();
        if (!granted)
        {
            return TimedOut(key, entry, timeout, throwOnTimeout);
        }

        ThrowIfDisposedBeforeReturning(entry, waiter.GrantedGeneration);
        handle.MarkHeld(waiter.GrantedGeneration);
        RecordInFlow(handle);
        _acquisitions.Increment();
        _counters.Increment(SessionLockCounters.Contended);
        return handle;
    }

    private ValueTask<SessionLock?> AcquireCoreAsync(TKey key, TimeSpan timeout, CancellationToken cancellationToken, bool throwOnTimeout)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<SessionLock?>(Task.FromCanceled<SessionLock?>(cancellationToken));
        }

        SessionLock? handle;
        LockWaiter? waiter;
        try
        {
            handle = Begin(key, timeout, cancellationToken, throwOnTimeout, out waiter);
        }
        catch (SessionLockTimeoutException exception)
        {
            return new ValueTask<SessionLock?>(Task.FromException<SessionLock?>(exception));
        }

        if (waiter is null || handle is null)
        {
            return new ValueTask<SessionLock?>(handle);
        }

        // Record the pending hold in the caller's flow now, synchronously, so re-entry while waiting is detected.
        RecordInFlow(handle);
        return new ValueTask<SessionLock?>(WaitAsync(key, handle, waiter, timeout, throwOnTimeout));
    }

    private async Task<SessionLock?> WaitAsync(TKey key, SessionLock handle, LockWaiter waiter, TimeSpan timeout, bool throwOnTimeout)
    {
        var entry = handle.Entry;
        bool granted;
        try
        {
            granted = await waiter.Completion.Task.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            waiter.Disarm();
            handle.MarkAbandoned();
            entry.Unpin();
            throw;
        }

        waiter.Disarm();
        if (!granted)
        {
            handle.MarkAbandoned();
            return TimedOut(key, entry, timeout, throwOnTimeout);
        }

        try
        {
            ThrowIfDisposedBeforeReturning(entry, waiter.GrantedGeneration);
        }
        catch (ObjectDisposedException)
        {
            handle.MarkAbandoned();
            throw;
        }

        handle.MarkHeld(waiter.GrantedGeneration);
        _acquisitions.Increment();
        _counters.Increment(SessionLockCounters.Contended);
        return handle;
    }

    /// <summary>
    /// Validates, pins the entry and tries the lock. Returns the held handle (waiter null); null, or throws, when
    /// <paramref name="timeout"/> is zero and the lock is busy; or a pending handle plus a queued, armed waiter.
    /// </summary>
    private SessionLock? Begin(TKey key, TimeSpan timeout, CancellationToken cancellationToken, bool throwOnTimeout, out LockWaiter? waiter)
    {
        Guard.NotNullKey(key, nameof(key));
        Guard.Timeout(timeout, nameof(timeout));
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(GetType().Name);
        }

        cancellationToken.ThrowIfCancellationRequested();
        waiter = null;

        var entry = PinAndEnter(key, out bool acquired, out uint generation);
        var handle = new SessionLock(entry);
        if (acquired)
        {
            ThrowIfDisposedBeforeReturning(entry, generation);
            return Granted(handle, generation);
        }

        // The lock is busy. Is it busy because of the current flow? Then waiting would deadlock.
        if (_detectReentry && SessionLockFlow.IsHeldOrAwaitedByCurrentFlow(entry))
        {
            entry.Unpin();
            throw new LockRecursionException(
                $"The session lock of key '{key}' is already held (or awaited) by the current logical flow; session locks are not reentrant.");
        }

        if (timeout == TimeSpan.Zero)
        {
            return TimedOut(key, entry, timeout, throwOnTimeout);
        }

        var candidate = new LockWaiter(entry, cancellationToken);
        if (entry.TryEnterOrEnqueue(candidate, out generation))
        {
            ThrowIfDisposedBeforeReturning(entry, generation);
            return Granted(handle, generation);
        }

        // Dekker-style with Dispose, which sets the flag and then visits the queues: after the fence, either this read
        // sees the flag or Dispose's visit sees this waiter.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _disposed) != 0)
        {
            entry.Abandon(candidate, WaitAbandonment.Disposed);
        }

        candidate.Arm(timeout, _timeProvider);
        waiter = candidate;
        return handle;
    }

    /// <summary>
    /// A lock taken or handed over after <see cref="Dispose"/> began goes straight back, and the caller fails like the
    /// waiters <see cref="Dispose"/> found in the queue: a disposed instance returns no handle.
    /// </summary>
    private void ThrowIfDisposedBeforeReturning(LockEntry entry, uint generation)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            entry.ExitAndUnpin(generation);
            throw LockWaiter.DisposedBeforeAcquired(GetType().Name, entry.Key);
        }
    }

    private SessionLock Granted(SessionLock handle, uint generation)
    {
        handle.MarkHeld(generation);
        RecordInFlow(handle);
        _acquisitions.Increment();
        return handle;
    }

    private void RecordInFlow(SessionLock handle)
    {
        if (_detectReentry)
        {
            SessionLockFlow.Push(handle);
        }
    }

    private SessionLock? TimedOut(TKey key, LockEntry entry, TimeSpan timeout, bool throwOnTimeout)
    {
        _counters.Increment(SessionLockCounters.Timeouts);
        entry.Unpin();
        return throwOnTimeout ? throw new SessionLockTimeoutException(key, timeout) : null;
    }

    /// <summary>
    /// Finds or creates the key's entry, pins it and takes its lock if free (one CAS on the uncontended path); never
    /// returns a retired entry.
    /// </summary>
    private LockEntry PinAndEnter(TKey key, out bool acquired, out uint generation)
    {
        while (true)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                var result = entry.TryPinAndEnter(out generation);
                if (result != PinResult.Dead)
                {
                    acquired = result == PinResult.Acquired;
                    return entry;
                }

                // Retired by a sweep that has not removed it yet: remove it ourselves (by key and entry) and retry.
                RemoveEntry(key, entry);
                continue;
            }

            var created = new LockEntry(key); // born pinned (reference count 1)
            if (_entries.TryAdd(key, created))
            {
                _counters.Increment(SessionLockCounters.LiveKeys);
                acquired = created.TryEnterPinned(out generation);
                return created;
            }
        }
    }

    private void RemoveEntry(TKey key, LockEntry entry)
    {
#if NET8_0_OR_GREATER
        bool removed = _entries.TryRemove(new KeyValuePair<TKey, LockEntry>(key, entry));
#else
        bool removed = ((ICollection<KeyValuePair<TKey, LockEntry>>)_entries).Remove(new KeyValuePair<TKey, LockEntry>(key, entry));
#endif
        if (removed)
        {
            _counters.Add(SessionLockCounters.LiveKeys, -1);
        }
    }
}
