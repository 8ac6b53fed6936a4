using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Locking;

/// <summary>What <see cref="LockEntry.TryPinAndEnter"/> achieved.</summary>
internal enum PinResult
{
    /// <summary>The entry was retired by a sweep; nothing changed. Remove it and look the key up again.</summary>
    Dead,

    /// <summary>Pinned and the lock taken (the uncontended path).</summary>
    Acquired,

    /// <summary>Pinned, but the lock is held: wait with <see cref="LockEntry.TryEnterOrEnqueue"/> or unpin.</summary>
    Busy,
}

/// <summary>
/// The lock of one key in a <see cref="SessionLocks{TKey}"/>: one state word holding the lock bits and the reference
/// count that pins the entry in the table, plus a FIFO queue of waiters.
/// </summary>
/// <remarks>
/// <para><b>State word</b> (<c>_word</c>): <c>(references &lt;&lt; 2) | HasWaiters | Held</c>, or <see cref="Dead"/> (-1)
/// once a sweep retired the entry. Because the pin and the lock bit live in one word, the uncontended acquire is a
/// single compare-and-swap (pin + take) and the uncontended release is a single compare-and-swap (free + unpin).
/// Who may change what: any thread changes the reference count (with a CAS); <c>Held</c> is set by the lock-free
/// acquire when it was clear, and cleared by the lock-free release only while <c>HasWaiters</c> is clear;
/// <c>HasWaiters</c> is set and cleared only under <c>lock (this)</c>, so the lock-free release fails (and takes the
/// locked path) as soon as a waiter announced itself. <c>Held</c> clear implies <c>HasWaiters</c> clear.</para>
/// <para><b>Waiters.</b> A waiter is a <see cref="TaskCompletionSource{TResult}"/> completed, under the entry lock,
/// exactly once: <c>true</c> by a releasing holder that hands the lock over (<c>Held</c> stays set, so no third party
/// can barge in), <c>false</c> by its timeout, or cancelled by its token. Because all three race on the same
/// <c>TrySet…</c> under the same lock, a lock granted just as the timeout or cancellation fires is never lost: either the
/// grant wins (the waiter owns the lock and its caller returns the handle) or the abandonment wins (the waiter left the
/// queue and the releaser hands the lock to the next waiter or frees it).</para>
/// <para><b>References.</b> Every acquirer pins the entry before it tries or waits for the lock and keeps the pin while
/// waiting and holding; a sweep may retire the entry only by a CAS from exactly 0 (no references, not held, no waiters)
/// to <see cref="Dead"/>. A dead entry can never be pinned again, so an acquirer that raced the sweep removes the dead
/// entry from the table (by key and entry) and retries with a fresh one.</para>
/// </remarks>
[DebuggerDisplay("Key = {Key}, Word = {_word}")]
internal sealed class LockEntry
{
    internal const int Dead = -1;
    private const int Held = 1;
    private const int HasWaiters = 2;
    private const int OneReference = 4;

#if NET8_0_OR_GREATER
    /// <summary>
    /// Extra idle time required with the coarse clock, so an entry is never swept before <c>maxIdle</c> has elapsed:
    /// <c>Environment.TickCount64</c> advances in steps of the system timer (1 to 16 ms on common systems).
    /// </summary>
    private const long CoarseClockSlackMilliseconds = 32;
#endif

    /// <summary>The clock of the last-access time, or null for the coarse system clock (see <see cref="ReadClock"/>).</summary>
    private readonly TimeProvider? _exactClock;
    private int _word;
    private long _lastAccess;
    private LinkedList<LockWaiter>? _waiters;

    /// <summary>Creates an entry already pinned once (by its creator), so no sweep can retire it before first use.</summary>
    internal LockEntry(object key, TimeProvider timeProvider)
    {
        Key = key;
        _exactClock = UsesCoarseClock(timeProvider) ? null : timeProvider;
        _word = OneReference;
        _lastAccess = ReadClock(timeProvider);
    }

    internal object Key { get; }

    internal bool IsDead => Volatile.Read(ref _word) == Dead;

    /// <summary>Gets the number of queued waiters (diagnostics and tests).</summary>
    internal int WaiterCount
    {
        get
        {
            lock (this)
            {
                return _waiters?.Count ?? 0;
            }
        }
    }

    /// <summary>
    /// Reads the clock of last-access times: <c>Environment.TickCount64</c> (milliseconds, about 3 times cheaper than
    /// <see cref="TimeProvider.GetTimestamp"/> on Linux VMs) when <paramref name="timeProvider"/> is
    /// <see cref="TimeProvider.System"/> on .NET, otherwise the provider's timestamp (so fake clocks drive sweeps exactly).
    /// </summary>
    internal static long ReadClock(TimeProvider timeProvider) =>
#if NET8_0_OR_GREATER
        UsesCoarseClock(timeProvider) ? Environment.TickCount64 : timeProvider.GetTimestamp();
#else
        timeProvider.GetTimestamp();
#endif

    /// <summary>Pins the entry and, if the lock is free, takes it, in one CAS.</summary>
    internal PinResult TryPinAndEnter()
    {
        while (true)
        {
            int word = Volatile.Read(ref _word);
            if (word == Dead)
            {
                return PinResult.Dead;
            }

            bool free = (word & Held) == 0;
            int next = word + OneReference + (free ? Held : 0);
            if (Interlocked.CompareExchange(ref _word, next, word) == word)
            {
                return free ? PinResult.Acquired : PinResult.Busy;
            }
        }
    }

    /// <summary>Takes the lock if it is free (the caller is already pinned by its creation); used by the creator of a new entry.</summary>
    internal bool TryEnterPinned()
    {
        while (true)
        {
            int word = Volatile.Read(ref _word);
            if ((word & Held) != 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _word, word | Held, word) == word)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// For a pinned caller that found the lock busy: takes the lock if it became free, otherwise enqueues
    /// <paramref name="waiter"/>; returns true when acquired.
    /// </summary>
    internal bool TryEnterOrEnqueue(LockWaiter waiter)
    {
        lock (this)
        {
            while (true)
            {
                int word = Volatile.Read(ref _word);
                int next = (word & Held) == 0 ? word | Held : word | HasWaiters;
                if (next == word || Interlocked.CompareExchange(ref _word, next, word) == word)
                {
                    if ((word & Held) == 0)
                    {
                        return true;
                    }

                    break;
                }

                // A lock-free acquire, release or pin changed the word between the read and the CAS: look again.
            }

            (_waiters ??= new LinkedList<LockWaiter>()).AddLast(waiter.Node);
            return false;
        }
    }

    /// <summary>Releases the lock and the holder's pin: frees the lock, or hands it to the first waiter still waiting.</summary>
    internal void ExitAndUnpin()
    {
        Volatile.Write(ref _lastAccess, Now());
        while (true)
        {
            int word = Volatile.Read(ref _word);
            if ((word & HasWaiters) != 0)
            {
                break;
            }

            if (Interlocked.CompareExchange(ref _word, (word - OneReference) & ~Held, word) == word)
            {
                return;
            }
        }

        lock (this)
        {
            // HasWaiters is set and only code under this lock clears it.
            var waiters = _waiters!;
            bool handedOver = false;
            while (waiters.First is { } node)
            {
                waiters.RemoveFirst();
                if (node.Value.Completion.TrySetResult(true))
                {
                    handedOver = true; // the lock stays held, now by the waiter
                    break;
                }
            }

            int clear = waiters.Count > 0 ? 0 : (handedOver ? HasWaiters : HasWaiters | Held);
            while (true)
            {
                int word = Volatile.Read(ref _word);
                if (Interlocked.CompareExchange(ref _word, (word - OneReference) & ~clear, word) == word)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Drops a pin without holding the lock (a wait that timed out or was cancelled, or a refused re-entry).</summary>
    internal void Unpin()
    {
        Volatile.Write(ref _lastAccess, Now());
        Interlocked.Add(ref _word, -OneReference);
    }

    /// <summary>Retires the entry if nobody references it and it has been idle for at least <paramref name="maxIdle"/>.</summary>
    /// <param name="now">A reading of <see cref="ReadClock"/> for this entry's time provider.</param>
    /// <param name="maxIdle">The minimum idle time; zero retires any unreferenced entry.</param>
    internal bool TryRetire(long now, TimeSpan maxIdle)
    {
        if (Volatile.Read(ref _word) != 0 || (maxIdle > TimeSpan.Zero && !IsIdleFor(now, maxIdle)))
        {
            return false;
        }

        return Interlocked.CompareExchange(ref _word, Dead, 0) == 0;
    }

    private static bool UsesCoarseClock(TimeProvider timeProvider) =>
#if NET8_0_OR_GREATER
        ReferenceEquals(timeProvider, TimeProvider.System);
#else
        false;
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Now() =>
#if NET8_0_OR_GREATER
        _exactClock is null ? Environment.TickCount64 : _exactClock.GetTimestamp();
#else
        _exactClock!.GetTimestamp();
#endif

    private bool IsIdleFor(long now, TimeSpan maxIdle)
    {
        long lastAccess = Volatile.Read(ref _lastAccess);
#if NET8_0_OR_GREATER
        if (_exactClock is null)
        {
            // Coarse clock: both readings may be off by one timer step, so require a safety margin (never sweep early).
            double needed = Math.Ceiling(maxIdle.TotalMilliseconds) + CoarseClockSlackMilliseconds;
            return now - lastAccess >= needed;
        }
#endif
        return _exactClock!.GetElapsedTime(lastAccess, now) >= maxIdle;
    }

    /// <summary>Called by a waiter's timer or cancellation callback: leaves the queue unless the lock was already granted.</summary>
    internal void Abandon(LockWaiter waiter, bool timedOut)
    {
        lock (this)
        {
            bool abandoned = timedOut
                ? waiter.Completion.TrySetResult(false)
                : waiter.Completion.TrySetCanceled(waiter.CancellationToken);
            if (!abandoned)
            {
                return; // Granted (or already abandoned): the waiter's caller owns whatever outcome won.
            }

            _waiters!.Remove(waiter.Node);
            if (_waiters.Count == 0)
            {
                while (true)
                {
                    int word = Volatile.Read(ref _word);
                    if (Interlocked.CompareExchange(ref _word, word & ~HasWaiters, word) == word)
                    {
                        break;
                    }
                }
            }
        }
    }
}

/// <summary>One caller waiting for a <see cref="LockEntry"/>; completed once with true (granted), false (timed out) or cancelled.</summary>
[DebuggerDisplay("Status = {Completion.Task.Status}")]
internal sealed class LockWaiter
{
    private readonly LockEntry _entry;
    private ITimer? _timer;
    private CancellationTokenRegistration _registration;

    internal LockWaiter(LockEntry entry, CancellationToken cancellationToken)
    {
        _entry = entry;
        CancellationToken = cancellationToken;
        Node = new LinkedListNode<LockWaiter>(this);
    }

    internal TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal LinkedListNode<LockWaiter> Node { get; }

    internal CancellationToken CancellationToken { get; }

    /// <summary>Starts the timeout timer (unless infinite) and the cancellation callback. Call after the waiter is queued.</summary>
    internal void Arm(TimeSpan timeout, TimeProvider timeProvider)
    {
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = timeProvider.CreateTimer(
                static state => { var waiter = (LockWaiter)state!; waiter._entry.Abandon(waiter, timedOut: true); },
                this,
                timeout,
                Timeout.InfiniteTimeSpan);
        }

        if (CancellationToken.CanBeCanceled)
        {
            _registration = CancellationToken.Register(
                static state => { var waiter = (LockWaiter)state!; waiter._entry.Abandon(waiter, timedOut: false); },
                this);
        }
    }

    /// <summary>Stops the timer and unregisters the cancellation callback once the waiter completed.</summary>
    internal void Disarm()
    {
        _timer?.Dispose();
#if NET8_0_OR_GREATER
        // Unregister does not wait for a callback that is running right now (Dispose would). That callback finds this
        // waiter already completed and returns; waiting for it only blocks, and deadlocks under Coyote's scheduler.
        _registration.Unregister();
#else
        _registration.Dispose();
#endif
    }
}
