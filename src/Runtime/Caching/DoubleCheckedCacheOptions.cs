using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Guarded;

/// <summary>Options for <see cref="DoubleCheckedCache{TKey, TValue}"/>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
[DebuggerDisplay("Name = {Name}, TimeToLive = {TimeToLive}, TrackHits = {TrackHits}")]
public sealed class DoubleCheckedCacheOptions<TKey>
    where TKey : notnull
{
    /// <summary>Gets or sets the key comparer; <see langword="null"/> means <see cref="EqualityComparer{T}.Default"/>.</summary>
    public IEqualityComparer<TKey>? KeyComparer { get; set; }

    /// <summary>
    /// Gets or sets how long a loaded value stays fresh, measured from the moment its load completed;
    /// <see langword="null"/> (the default) keeps values until they are invalidated. Must be positive.
    /// </summary>
    public TimeSpan? TimeToLive { get; set; }

    /// <summary>Gets or sets the clock used for <see cref="TimeToLive"/>; <see langword="null"/> means <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// Gets or sets whether hits are counted (<see cref="DoubleCheckedCacheStatistics.Hits"/> and the
    /// <c>guarded.cache.hits</c> metric). Off by default, like <c>MemoryCacheOptions.TrackStatistics</c>: an exact count
    /// costs one thread-local increment per hit, about as much as the lookup itself. Misses, loads and the other counters
    /// are always kept (they are counted off the hit path).
    /// </summary>
    public bool TrackHits { get; set; }

    /// <summary>Gets or sets the instance name, published as the <c>guarded.name</c> tag of the cache metrics.</summary>
    public string? Name { get; set; }
}
