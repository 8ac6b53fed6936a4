using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Caching;

/// <summary>
/// What a <see cref="DoubleCheckedCache{TKey, TValue}"/> maps a key to: either a loaded value (immutable) or a
/// load in flight (<see cref="Load"/> is not null). A state change replaces the entry object in the dictionary,
/// so readers never see a half-written entry: the dictionary publishes the reference with a release write and
/// every field here is read-only.
/// </summary>
[DebuggerDisplay("{Load == null ? \"Value\" : \"Loading\",nq}")]
internal sealed class CacheEntry<TValue>
{
    internal readonly TValue Value;

    /// <summary>The <see cref="System.TimeProvider"/> timestamp at which the value expires; <see cref="long.MaxValue"/> for never.</summary>
    internal readonly long ExpiresAt;

    internal readonly CacheLoad<TValue>? Load;

    internal CacheEntry(TValue value, long expiresAt)
    {
        Value = value;
        ExpiresAt = expiresAt;
    }

    internal CacheEntry(CacheLoad<TValue> load)
    {
        Value = default!;
        ExpiresAt = long.MaxValue;
        Load = load;
    }
}

/// <summary>
/// One run of a factory for one key, shared by every caller that joins it.
/// </summary>
/// <remarks>
/// <see cref="Completion"/> carries the outcome to every waiter (continuations run asynchronously, so the
/// owner never runs a waiter's code). <c>_completed</c> and <c>_discarded</c> are written under <c>lock (this)</c>:
/// the owner sets <c>_completed</c> and updates the dictionary inside the same critical section in which
/// <c>Invalidate</c> may set <c>_discarded</c>, so an invalidation either happens before the owner stores the
/// value (and the value is not stored) or after (and it removes the stored value). It can never be lost.
/// </remarks>
[DebuggerDisplay("Completed = {_completed}, Discarded = {_discarded}")]
internal sealed class CacheLoad<TValue>
{
    internal readonly TaskCompletionSource<TValue> Completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The managed thread running a synchronous factory, or 0; used to detect a factory that re-enters its own key.</summary>
    internal int OwnerThreadId;

    private bool _completed;
    private bool _discarded;

    internal CacheLoad(int ownerThreadId) => OwnerThreadId = ownerThreadId;

    /// <summary>Gets whether a caller arriving now may take this load's result (false once <c>Invalidate</c> discarded it).</summary>
    internal bool IsJoinable => !Volatile.Read(ref _discarded);

    /// <summary>
    /// Marks the load as discarded unless it already completed. Returns false when it completed, in which case the
    /// dictionary already holds its outcome and the caller should look again.
    /// </summary>
    internal bool TryDiscard(out bool discardedNow)
    {
        lock (this)
        {
            if (_completed)
            {
                discardedNow = false;
                return false;
            }

            discardedNow = !_discarded;
            Volatile.Write(ref _discarded, true);
            return true;
        }
    }

    /// <summary>Marks the load completed; returns whether its value may be stored (it was not discarded).</summary>
    /// <remarks>Must be called under <c>lock (this)</c>, together with the dictionary update it decides.</remarks>
    internal bool MarkCompleted()
    {
        _completed = true;
        return !_discarded;
    }
}
