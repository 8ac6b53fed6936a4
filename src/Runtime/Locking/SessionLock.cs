using System.Diagnostics;
using System.Threading;
using Guarded.Locking;

namespace Guarded;

/// <summary>
/// A hold on one key's lock in a <see cref="SessionLocks{TKey}"/>. Dispose it to release the lock.
/// </summary>
/// <remarks>
/// Each successful acquisition returns a new handle. <see cref="Dispose"/> is idempotent and only ever releases this
/// handle's own hold: disposing a handle twice, or disposing it after the lock passed on to another caller, never
/// releases someone else's hold. A handle may be disposed from any thread or logical flow.
/// </remarks>
[DebuggerDisplay("Key = {Key}, IsHeld = {IsHeld}")]
public sealed class SessionLock : ISessionLockHandle
{
    private const int Pending = 0;
    private const int Held = 1;
    private const int Released = 2;

    private int _state;
    private uint _generation;

    internal SessionLock(LockEntry entry)
    {
        Entry = entry;
    }

    /// <summary>Gets the key whose lock this handle holds (boxed once per key entry).</summary>
    public object Key => Entry.Key;

    /// <summary>Gets whether this handle still holds the lock (false once disposed).</summary>
    public bool IsHeld => Volatile.Read(ref _state) == Held && Entry.IsHeldBy(_generation);

    internal LockEntry Entry { get; }

    /// <summary>The handle recorded before this one in the same logical flow (see <see cref="SessionLockFlow"/>).</summary>
    internal SessionLock? PreviousInFlow { get; set; }

    /// <summary>Gets whether this handle holds the lock or is still waiting for it (used for re-entry detection).</summary>
    internal bool IsActive
    {
        get
        {
            int state = Volatile.Read(ref _state);
            return state == Pending || (state == Held && Entry.IsHeldBy(_generation));
        }
    }

    /// <summary>Releases the lock if this handle still holds it; otherwise does nothing.</summary>
    /// <remarks>
    /// The entry releases only the hold of this handle's generation, so a second call (even one racing the first on
    /// another thread) finds that hold ended and does nothing.
    /// </remarks>
    public void Dispose()
    {
        if (Volatile.Read(ref _state) == Held)
        {
            Volatile.Write(ref _state, Released);
            Entry.ExitAndUnpin(_generation);
        }
    }

    internal void MarkHeld(uint generation)
    {
        _generation = generation;
        Volatile.Write(ref _state, Held);
    }

    internal void MarkAbandoned() => Volatile.Write(ref _state, Released);
}

/// <summary>
/// Records, per logical flow (<see cref="AsyncLocal{T}"/>), the session-lock handles the flow holds or is waiting for,
/// as a linked list of handles. Used only to detect re-entry when a lock is found busy.
/// </summary>
/// <remarks>
/// An acquisition records its handle in the caller's flow synchronously, before the caller can await anything, so the
/// record is visible for the rest of the calling method and in every task it starts afterwards. Released handles stay
/// in the list but are ignored (and pruned from its head on the next push).
/// </remarks>
internal static class SessionLockFlow
{
    private static readonly AsyncLocal<SessionLock?> Head = new();

    internal static void Push(SessionLock handle)
    {
        var head = Head.Value;
        while (head is not null && !head.IsActive)
        {
            head = head.PreviousInFlow;
        }

        handle.PreviousInFlow = head;
        Head.Value = handle;
    }

    internal static bool IsHeldOrAwaitedByCurrentFlow(LockEntry entry)
    {
        for (var handle = Head.Value; handle is not null; handle = handle.PreviousInFlow)
        {
            if (ReferenceEquals(handle.Entry, entry) && handle.IsActive)
            {
                return true;
            }
        }

        return false;
    }
}
