using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace Guarded;

/// <summary>Options for <see cref="SessionLocks{TKey}"/>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
[DebuggerDisplay("Name = {Name}, DefaultTimeout = {DefaultTimeout}, SweepInterval = {SweepInterval}, DetectReentry = {DetectReentry}")]
public sealed class SessionLocksOptions<TKey>
    where TKey : notnull
{
    /// <summary>Gets or sets the key comparer; <see langword="null"/> means <see cref="EqualityComparer{T}.Default"/>.</summary>
    public IEqualityComparer<TKey>? KeyComparer { get; set; }

    /// <summary>Gets or sets the clock used for timeouts, sweeps' idle times and the background sweep; <see langword="null"/> means <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Gets or sets the timeout of the overloads without one; <see cref="Timeout.InfiniteTimeSpan"/> (the default) waits forever.</summary>
    public TimeSpan DefaultTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Gets or sets how often a background sweep removes idle key entries; <see langword="null"/> (the default) turns the
    /// background sweep off (call <see cref="SessionLocks{TKey}.Sweep"/> yourself). The sweep runs on a
    /// <see cref="TimeProvider"/> timer.
    /// </summary>
    public TimeSpan? SweepInterval { get; set; }

    /// <summary>
    /// Gets or sets how long a key entry must have been idle before the background sweep removes it (default five
    /// minutes); it is removed between <c>MaxIdle</c> and <c>MaxIdle</c> plus two <see cref="SweepInterval"/>s after its last use.
    /// </summary>
    public TimeSpan MaxIdle { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets whether re-entry is detected (the default): an acquisition by a logical flow that already holds or
    /// awaits the key throws <see cref="LockRecursionException"/> instead of deadlocking. Detection records every hold
    /// in the caller's flow (one <see cref="AsyncLocal{T}"/> write per acquisition, roughly doubling the uncontended
    /// cost). Turn it off only for code that provably never re-enters a key, and then give the instance a finite
    /// <see cref="DefaultTimeout"/>: undetected re-entry waits for itself until the timeout.
    /// </summary>
    public bool DetectReentry { get; set; } = true;

    /// <summary>Gets or sets the instance name, published as the <c>guarded.name</c> tag of the session-lock metrics.</summary>
    public string? Name { get; set; }
}
