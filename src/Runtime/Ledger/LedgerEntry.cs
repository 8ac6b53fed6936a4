using System;
using System.Diagnostics;

namespace Guarded;

/// <summary>A committed state of one ledger key: the state, its version and when it was committed.</summary>
/// <typeparam name="TState">The state type.</typeparam>
/// <remarks>Version 0 means "never committed": the state is the ledger's initial state and the timestamp is <see langword="default"/>.</remarks>
[DebuggerDisplay("Version = {Version}, State = {State}")]
public readonly struct LedgerEntry<TState>
{
    /// <summary>Initializes an entry.</summary>
    /// <param name="state">The state.</param>
    /// <param name="version">The version (0 for a key that was never committed).</param>
    /// <param name="timestamp">When the version was committed (UTC, from the ledger's <see cref="TimeProvider"/>).</param>
    public LedgerEntry(TState state, long version, DateTimeOffset timestamp)
    {
        State = state;
        Version = version;
        Timestamp = timestamp;
    }

    /// <summary>Gets the state.</summary>
    public TState State { get; }

    /// <summary>Gets the version: 0 before the first commit, then increasing by exactly 1 per commit.</summary>
    public long Version { get; }

    /// <summary>Gets when this version was committed (UTC); <see langword="default"/> for version 0.</summary>
    public DateTimeOffset Timestamp { get; }
}
