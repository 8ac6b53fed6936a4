using System;
using System.Collections.Generic;
using System.Diagnostics;
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
/// The lock of one key in a <see cref="SessionLocks{TKey}"/>: one 64-bit state word holding the lock bits, the reference
/// count that pins the entry in the table and the hold generation, plus a FIFO queue of waiters.
/// </summary>
/// <remarks>
/// <para><b>State word</b> (<c>_word</c>): <c>(generation &lt;&lt; 32) | (references &lt;&lt; 2) | HasWaiters | Held</c>, or
/// <see cref="Dead"/> (-1) once a sweep retired the entry. Because the pin, the lock bit and the generation live in one
/// word, the uncontended acquire is a single compare-and-swap (pin + take) and the uncontended release is a single
/// compare-and-swap (free + unpin + next generation). Who may change what: any thread changes the reference count (with
/// a CAS); <c>Held</c> is set by the lock-free acquire when it was clear, and cleared by the lock-free release only while
/// <c>HasWaiters</c> is clear; <c>HasWaiters</c> is set and cleared only under <c>lock (this)</c>, so the lock-free release
/// fails (and takes the locked path) as soon as a waiter announced itself. <c>Held</c> clear implies <c>HasWaiters</c>
/// clear.</para>
/// <para><b>Generations.</b> Every end of a hold (a release or a hand-over) increments the generation, and only the
/// holder ends a hold, so a generation names one hold. A handle remembers the generation it was granted and releases
/// only while the word still carries it: a second <c>Dispose</c> of the same handle, even racing the first on another
/// thread, finds a newer generation and does nothing, without a compare-and-swap on the handle itself. Sweeps use the
/// same generation to see whether an entry was used since they last looked, so no hold reads a clock.</para>
/// <para><b>Waiters.</b> A waiter is a <see cref="TaskCompletionSource{TResult}"/> completed, under the entry lock,
/// exactly once: <c>true</c> by a releasing holder that hands the lock over (<c>Held</c> stays set, so no third party
/// can barge in; the holder advances the generation and writes it into the waiter before completing it), <c>false</c> by its timeout,
/// cancelled by its token, or failed with <see cref="ObjectDisposedException"/> when the owner is disposed. Because all of them race on the same <c>TrySet…</c> under the same lock, a lock granted just as
/// the timeout or cancellation fires is never lost: either the grant wins (the waiter owns the lock and its caller
/// returns the handle) or the abandonment wins (the waiter left the queue and the releaser hands the lock to the next
/// waiter or frees it).</para>
/// <para><b>References.</b> Every acquirer pins the entry before it tries or waits for the lock and keeps the pin while
/// waiting and holding; a sweep may retire the entry only by a CAS from a word with no references, no lock bits and the
/// generation it observed to <see cref="Dead"/>. A dead entry can never be pinned again, so an acquirer that raced the
/// sweep removes the dead entry from the table (by key and entry) and retries with a fresh one.</para>
/// <para><b>Idle time.</b> A pin that finds the lock busy is always followed by the end of a hold (the busy holder's), so
/// a word with no references and an unchanged generation means nobody pinned the entry in between. A sweep that sees
/// that for the generation an earlier sweep recorded knows the entry has been unused at least since that earlier sweep.
/// The observation fields are touched only by sweeps, which the owner serializes.</para>
/// </remarks>
[DebuggerDisplay("Key = {Key}, Word = {_word}")]
internal sealed class LockEntry
{
    internal const long Dead = -1;
    private const long Held = 1;
    private const long HasWaiters = 2;
    private const long OneReference = 4;
    private const long OneGeneration = 1L << 32;
    private const long ReferenceAndLockBits = OneGeneration - 1;

    private long _word;
    private LinkedList<LockWaiter>? _waiters;
    private bool _seenUnused;
    private uint _seenGeneration;
    private long _seenUnusedAt;

    /// <summary>Creates an entry already pinned once (by its creator), so no sweep can retire it before first use.</summary>
    internal LockEntry(object key)
    {
        Key = key;
        _word = OneReference;
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

    /// <summary>Pins the entry and, if the lock is free, takes it, in one CAS.</summary>
    /// <param name="generation">When acquired, the generation of the new hold.</param>
    internal PinResult TryPinAndEnter(out uint generation)
    {
        while (true)
        {
            long word = Volatile.Read(ref _word);
            if (word == Dead)
            {
                generation = 0;
                return PinResult.Dead;
            }

            bool free = (word & Held) == 0;
            long next = word + OneReference + (free ? Held : 0);
            if (Interlocked.CompareExchange(ref _word, next, word) == word)
            {
                generation = GenerationOf(word);
                return free ? PinResult.Acquired : PinResult.Busy;
            }
        }
    }

    /// <summary>Takes the lock if it is free (the caller is already pinned by its creation); used by the creator of a new entry.</summary>
    internal bool TryEnterPinned(out uint generation)
    {
        while (true)
        {
            long word = Volatile.Read(ref _word);
            generation = GenerationOf(word);
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
    /// <paramref name="waiter"/>; returns true when acquired (with the hold's <paramref name="generation"/>).
    /// </summary>
    internal bool TryEnterOrEnqueue(LockWaiter waiter, out uint generation)
    {
        lock (this)
        {
            while (true)
            {
                long word = Volatile.Read(ref _word);
                generation = GenerationOf(word);
                long next = (word & Held) == 0 ? word | Held : word | HasWaiters;
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

    /// <summary>Whether the hold of <paramref name="generation"/> is still current.</summary>
    internal bool IsHeldBy(uint generation) => IsHeldBy(Volatile.Read(ref _word), generation);

    /// <summary>
    /// Ends the hold of <paramref name="generation"/> and drops its pin: frees the lock, or hands it to the first waiter
    /// still waiting. Does nothing when that hold has already ended.
    /// </summary>
    internal void ExitAndUnpin(uint generation)
    {
        while (true)
        {
            long word = Volatile.Read(ref _word);
            if (!IsHeldBy(word, generation))
            {
                return;
            }

            if ((word & HasWaiters) != 0)
            {
                break;
            }

            if (Interlocked.CompareExchange(ref _word, ((word - OneReference) & ~Held) + OneGeneration, word) == word)
            {
                return;
            }
        }

        lock (this)
        {
            if (!IsHeldBy(Volatile.Read(ref _word), generation))
            {
                return; // a racing Dispose of the same handle ended this hold first
            }

            // HasWaiters is set and only code under this lock clears it. A queued waiter is never completed: Abandon
            // completes and dequeues it in one critical section under this lock.
            var waiters = _waiters!;
            var next = waiters.First?.Value;
            if (next is not null)
            {
                waiters.RemoveFirst();
            }

            // The generation moves on before the waiter can run, so the handle it builds from GrantedGeneration
            // already names the current hold when its caller releases it.
            long clear = next is null ? HasWaiters | Held : (waiters.Count > 0 ? 0 : HasWaiters);
            while (true)
            {
                long word = Volatile.Read(ref _word);
                if (Interlocked.CompareExchange(ref _word, ((word - OneReference) & ~clear) + OneGeneration, word) == word)
                {
                    break;
                }
            }

            if (next is not null)
            {
                next.GrantedGeneration = unchecked(generation + 1);
                bool granted = next.Completion.TrySetResult(true);
                Debug.Assert(granted, "a queued waiter is never completed");
            }
        }
    }

    /// <summary>Drops a pin without holding the lock (a wait that timed out or was cancelled, or a refused re-entry).</summary>
    internal void Unpin() => Interlocked.Add(ref _word, -OneReference);

    /// <summary>
    /// Retires the entry if nobody references it and it has been unused for at least <paramref name="maxIdle"/> as seen
    /// by sweeps: with a positive <paramref name="maxIdle"/>, a first sweep that finds the entry unused only records the
    /// time, and a later one retires it if nobody used it in between. Callers serialize sweeps.
    /// </summary>
    /// <param name="now">The sweep's timestamp from <paramref name="clock"/>.</param>
    /// <param name="maxIdle">The minimum idle time; zero retires any unreferenced entry at once.</param>
    /// <param name="clock">The clock of <paramref name="now"/>.</param>
    internal bool TryRetire(long now, TimeSpan maxIdle, TimeProvider clock)
    {
        long word = Volatile.Read(ref _word);
        if (word == Dead || (word & ReferenceAndLockBits) != 0)
        {
            _seenUnused = false;
            return false;
        }

        if (maxIdle > TimeSpan.Zero)
        {
            uint generation = GenerationOf(word);
            if (!_seenUnused || _seenGeneration != generation)
            {
                _seenUnused = true;
                _seenGeneration = generation;
                _seenUnusedAt = now;
                return false;
            }

            if (clock.GetElapsedTime(_seenUnusedAt, now) < maxIdle)
            {
                return false;
            }
        }

        // Fails if anyone pinned the entry since the read, even if the lock came and went (the generation moved).
        return Interlocked.CompareExchange(ref _word, Dead, word) == word;
    }

    private static uint GenerationOf(long word) => unchecked((uint)((ulong)word >> 32));

    private static bool IsHeldBy(long word, uint generation) =>
        word != Dead && (word & Held) != 0 && GenerationOf(word) == generation;

    /// <summary>
    /// Called by a waiter's timer or cancellation callback, or for a waiter that queued after its owner was disposed:
    /// leaves the queue unless the lock was already granted.
    /// </summary>
    internal void Abandon(LockWaiter waiter, WaitAbandonment reason)
    {
        lock (this)
        {
            if (!waiter.TryComplete(reason))
            {
                return; // Granted (or already abandoned): the waiter's caller owns whatever outcome won.
            }

            _waiters!.Remove(waiter.Node);
            if (_waiters.Count == 0)
            {
                ClearHasWaiters();
            }
        }
    }

    /// <summary>Fails every queued waiter with <see cref="ObjectDisposedException"/> (the owner was disposed); returns how many.</summary>
    internal int AbandonAll()
    {
        lock (this)
        {
            if (_waiters is not { Count: > 0 } waiters)
            {
                return 0;
            }

            int count = 0;
            foreach (var waiter in waiters)
            {
                bool abandoned = waiter.TryComplete(WaitAbandonment.Disposed);
                Debug.Assert(abandoned, "a queued waiter is never completed");
                count++;
            }

            waiters.Clear();
            ClearHasWaiters();
            return count;
        }
    }

    private void ClearHasWaiters()
    {
        while (true)
        {
            long word = Volatile.Read(ref _word);
            if (Interlocked.CompareExchange(ref _word, word & ~HasWaiters, word) == word)
            {
                break;
            }
        }
    }
}

/// <summary>Why a waiter left the queue without the lock.</summary>
internal enum WaitAbandonment
{
    /// <summary>Its timeout elapsed: completed with <see langword="false"/>.</summary>
    TimedOut,

    /// <summary>Its cancellation token fired: cancelled.</summary>
    Cancelled,

    /// <summary>The <see cref="SessionLocks{TKey}"/> was disposed: failed with <see cref="ObjectDisposedException"/>.</summary>
    Disposed,
}

/// <summary>
/// One caller waiting for a <see cref="LockEntry"/>; completed once with true (granted), false (timed out), cancelled,
/// or failed with <see cref="ObjectDisposedException"/> (its owner was disposed).
/// </summary>
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

    /// <summary>The generation of the hold handed over to this waiter; written by the releaser before it completes <see cref="Completion"/> with true.</summary>
    internal uint GrantedGeneration { get; set; }

    internal CancellationToken CancellationToken { get; }

    /// <summary>Completes the waiter without the lock; false when it was already completed (granted or abandoned).</summary>
    internal bool TryComplete(WaitAbandonment reason) => reason switch
    {
        WaitAbandonment.TimedOut => Completion.TrySetResult(false),
        WaitAbandonment.Cancelled => Completion.TrySetCanceled(CancellationToken),
        _ => Completion.TrySetException(DisposedBeforeAcquired(nameof(SessionLocks<int>), _entry.Key)),
    };

    /// <summary>
    /// The failure of a caller whose acquisition of the lock of <paramref name="key"/> had not completed when its owner,
    /// <paramref name="owner"/> (the in-process or the PostgreSQL locks), was disposed.
    /// </summary>
    internal static ObjectDisposedException DisposedBeforeAcquired(string owner, object? key) => new(
        owner,
        $"The session locks were disposed before this caller's acquisition of the lock of key '{key}' completed.");

    /// <summary>Starts the timeout timer (unless infinite) and the cancellation callback. Call after the waiter is queued.</summary>
    internal void Arm(TimeSpan timeout, TimeProvider timeProvider)
    {
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = timeProvider.CreateTimer(
                static state => { var waiter = (LockWaiter)state!; waiter._entry.Abandon(waiter, WaitAbandonment.TimedOut); },
                this,
                timeout,
                Timeout.InfiniteTimeSpan);
        }

        if (CancellationToken.CanBeCanceled)
        {
            _registration = CancellationToken.Register(
                static state => { var waiter = (LockWaiter)state!; waiter._entry.Abandon(waiter, WaitAbandonment.Cancelled); },
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
