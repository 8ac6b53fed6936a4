using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Caching;

/// <summary>
/// What a <see cref="DoubleCheckedCache{TKey, TValue}"/> maps a key to: either a loaded value or a load in flight
/// (<see cref="Load"/> is not null). Stored inline in the dictionary's node (a struct, not an object), so a hit reads
/// the value straight from the node without a further indirection.
/// </summary>
/// <remarks>
/// <para><b>Torn reads cannot happen.</b> The struct is wider than a pointer, so <see cref="ConcurrentDictionary{TKey, TValue}"/>
/// never overwrites it in place: every update (<c>TryUpdate</c>, indexer) publishes a new node with a release write and
/// readers copy the value out of an immutable node. This holds for every <c>ConcurrentDictionary</c> since .NET Framework 4
/// (its <c>IsValueWriteAtomic</c> check).</para>
/// <para><b>Identity.</b> Compare-and-swap operations on the dictionary (<c>TryUpdate</c>, remove by key and value) compare
/// entries with <see cref="Equals(CacheEntry{TValue})"/>, which compares only <see cref="Stamp"/>: a number unique per
/// entry within one cache. Two entries are equal only if they are the same entry, exactly as reference equality was for
/// entry objects, and the user's <typeparamref name="TValue"/> equality is never called.</para>
/// </remarks>
[DebuggerDisplay("{Load == null ? \"Value\" : \"Loading\",nq}, Stamp = {Stamp}")]
internal readonly struct CacheEntry<TValue> : IEquatable<CacheEntry<TValue>>
{
    internal readonly TValue Value;

    internal readonly CacheLoad<TValue>? Load;

    /// <summary>The <see cref="System.TimeProvider"/> timestamp at which the value expires; <see cref="long.MaxValue"/> for never.</summary>
    internal readonly long ExpiresAt;

    /// <summary>Unique per entry within one cache (never 0 for a real entry); the entry's identity.</summary>
    internal readonly long Stamp;

    internal CacheEntry(TValue value, long expiresAt, long stamp)
    {
        Value = value;
        Load = null;
        ExpiresAt = expiresAt;
        Stamp = stamp;
    }

    internal CacheEntry(CacheLoad<TValue> load, long stamp)
    {
        Value = default!;
        Load = load;
        ExpiresAt = long.MaxValue;
        Stamp = stamp;
    }

    public bool Equals(CacheEntry<TValue> other) => Stamp == other.Stamp;

    public override bool Equals(object? obj) => obj is CacheEntry<TValue> other && Equals(other);

    public override int GetHashCode() => Stamp.GetHashCode();
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
