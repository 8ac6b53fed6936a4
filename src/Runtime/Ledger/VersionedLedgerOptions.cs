using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Guarded;

/// <summary>Options for <see cref="VersionedLedger{TKey, TState}"/>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TState">The state type.</typeparam>
[DebuggerDisplay("Name = {Name}")]
public sealed class VersionedLedgerOptions<TKey, TState>
    where TKey : notnull
{
    /// <summary>Gets or sets the key comparer; <see langword="null"/> means <see cref="EqualityComparer{T}.Default"/>.</summary>
    public IEqualityComparer<TKey>? KeyComparer { get; set; }

    /// <summary>Gets or sets the state of a key that was never committed (version 0); default <see langword="default"/>(<typeparamref name="TState"/>).</summary>
    public TState InitialState { get; set; } = default!;

    /// <summary>Gets or sets the clock for commit timestamps; <see langword="null"/> means <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Gets or sets the instance name, published as the <c>guarded.name</c> tag of the ledger metrics.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Gets or sets what opening a durable ledger does with a journal damaged before its end: refuse (the default) or
    /// cut it there after keeping a copy. A torn last record is always cut off and reported.
    /// </summary>
    public JournalRecovery JournalRecovery { get; set; } = JournalRecovery.RefuseCorruption;
}
