using System.Diagnostics;

namespace Guarded;

/// <summary>
/// A snapshot of the counters of a <see cref="DoubleCheckedCache{TKey, TValue}"/>. Only <c>GetOrAdd</c> and
/// <c>GetOrAddAsync</c> calls are counted. Counts are exact once concurrent calls have returned; each call that
/// misses ends either in its own load or served by another caller's, so <c>Misses == Loads + DoubleLoadsPrevented</c>
/// when no call is in progress. Hits are counted only when <see cref="DoubleCheckedCacheOptions{TKey}.TrackHits"/> is set.
/// </summary>
[DebuggerDisplay("Hits = {Hits}, Misses = {Misses}, Loads = {Loads}, DoubleLoadsPrevented = {DoubleLoadsPrevented}, Failures = {Failures}")]
public readonly struct DoubleCheckedCacheStatistics
{
    /// <summary>Initializes a snapshot.</summary>
    /// <param name="hits">Calls served from a cached fresh value without coordination; <see langword="null"/> when hits are not tracked.</param>
    /// <param name="misses">Calls that found no fresh value.</param>
    /// <param name="loads">Factory runs started.</param>
    /// <param name="doubleLoadsPrevented">Misses served by a load that another caller ran.</param>
    /// <param name="lockWaits">Times a caller waited for a load that was still running.</param>
    /// <param name="failures">Factory runs that threw, faulted or were cancelled.</param>
    public DoubleCheckedCacheStatistics(long? hits, long misses, long loads, long doubleLoadsPrevented, long lockWaits, long failures)
    {
        Hits = hits;
        Misses = misses;
        Loads = loads;
        DoubleLoadsPrevented = doubleLoadsPrevented;
        LockWaits = lockWaits;
        Failures = failures;
    }

    /// <summary>
    /// Gets the number of calls served from a cached fresh value without coordination, or <see langword="null"/> when the
    /// cache does not track hits (<see cref="DoubleCheckedCacheOptions{TKey}.TrackHits"/>).
    /// </summary>
    public long? Hits { get; }

    /// <summary>Gets the number of calls that found no fresh value.</summary>
    public long Misses { get; }

    /// <summary>Gets the number of factory runs started.</summary>
    public long Loads { get; }

    /// <summary>Gets the number of misses served by a load that another caller ran (instead of a second factory run).</summary>
    public long DoubleLoadsPrevented { get; }

    /// <summary>Gets the number of times a caller waited (blocked or awaited) for a load that was still running.</summary>
    public long LockWaits { get; }

    /// <summary>Gets the number of factory runs that threw, faulted or were cancelled.</summary>
    public long Failures { get; }
}
