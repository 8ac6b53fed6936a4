using System.Diagnostics;

namespace Guarded;

/// <summary>The result of a ledger update.</summary>
/// <typeparam name="TState">The state type.</typeparam>
[DebuggerDisplay("{Outcome}: Version = {Version}, Expected = {ExpectedVersion}, Actual = {ActualVersion}")]
public readonly struct LedgerUpdateResult<TState>
{
    internal LedgerUpdateResult(LedgerOutcome outcome, long version, long expectedVersion, long actualVersion, TState state, string? rejectionReason)
    {
        Outcome = outcome;
        Version = version;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
        State = state;
        RejectionReason = rejectionReason;
    }

    /// <summary>Gets how the update ended.</summary>
    public LedgerOutcome Outcome { get; }

    /// <summary>Gets whether <see cref="Outcome"/> is <see cref="LedgerOutcome.Committed"/>.</summary>
    public bool IsCommitted => Outcome == LedgerOutcome.Committed;

    /// <summary>Gets the key's version after the update: the new version when committed, the current version otherwise.</summary>
    public long Version { get; }

    /// <summary>Gets the version the caller expected (for <c>Update</c>, the version it decided against).</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the version the key had when the update was attempted (differs from <see cref="ExpectedVersion"/> only on a conflict).</summary>
    public long ActualVersion { get; }

    /// <summary>Gets the key's state after the update: the new state when committed, the current state otherwise.</summary>
    public TState State { get; }

    /// <summary>Gets the reason given by <c>decide</c> when <see cref="Outcome"/> is <see cref="LedgerOutcome.Rejected"/>; otherwise null.</summary>
    public string? RejectionReason { get; }
}
