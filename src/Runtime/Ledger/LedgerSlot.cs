using System;
using System.Diagnostics;
using System.Threading;

namespace Guarded.Ledger;

/// <summary>One committed version of a key, linked to the previous one (the key's history, newest first). Immutable.</summary>
[DebuggerDisplay("Version = {Version}, State = {State}")]
internal sealed class LedgerCommit<TState>
{
    internal LedgerCommit(TState state, long version, DateTimeOffset timestamp, LedgerCommit<TState>? previous)
    {
        State = state;
        Version = version;
        Timestamp = timestamp;
        Previous = previous;
    }

    internal TState State { get; }

    internal long Version { get; }

    internal DateTimeOffset Timestamp { get; }

    internal LedgerCommit<TState>? Previous { get; }
}

/// <summary>
/// A key of a <see cref="VersionedLedger{TKey, TState}"/>: its latest commit, and the key's critical section.
/// </summary>
/// <remarks>
/// Writers change <see cref="Head"/> only inside the critical section (<c>lock (slot)</c> for an in-memory ledger, or
/// <see cref="Gate"/> when a journal write is awaited inside it). Readers read <see cref="Head"/> without locking: it
/// is a volatile reference to an immutable commit, so a reader sees either the old or the new version, never a mix.
/// </remarks>
[DebuggerDisplay("Version = {Head == null ? 0 : Head.Version}")]
internal sealed class LedgerSlot<TState>
{
    private volatile LedgerCommit<TState>? _head;

    internal LedgerSlot(bool durable)
    {
        Gate = durable ? new SemaphoreSlim(1, 1) : null;
    }

    /// <summary>The critical section of a durable ledger (async-compatible); null for an in-memory ledger, which locks the slot.</summary>
    internal SemaphoreSlim? Gate { get; }

    internal LedgerCommit<TState>? Head
    {
        get => _head;
        set => _head = value;
    }
}
