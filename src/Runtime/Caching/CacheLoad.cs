using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Caching;

/// <summary>A loaded value with the <see cref="System.TimeProvider"/> timestamp at which it expires (caches with a time to live).</summary>
/// <remarks>Immutable; compare-and-remove operations use its reference identity, so an expired value is removed only if it is still this one.</remarks>
[DebuggerDisplay("ExpiresAt = {ExpiresAt}")]
internal sealed class TimedValue<TValue>
{
    internal readonly TValue Value;

    internal readonly long ExpiresAt;

    internal TimedValue(TValue value, long expiresAt)
    {
        Value = value;
        ExpiresAt = expiresAt;
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
    /// value table already holds its outcome.
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
