using System;
using System.Diagnostics;

namespace Guarded;

/// <summary>What a ledger update's <c>decide</c> callback returns: commit a new state, or reject with a reason.</summary>
/// <typeparam name="TState">The state type.</typeparam>
/// <remarks>Create one with <see cref="Commit"/> or <see cref="Reject"/>; a <see langword="default"/> value is invalid and makes the update throw <see cref="InvalidOperationException"/>.</remarks>
[DebuggerDisplay("{IsCommit ? \"Commit \" + State : \"Reject: \" + RejectionReason,nq}")]
public readonly struct LedgerDecision<TState>
{
    private LedgerDecision(bool isCommit, TState state, string? rejectionReason)
    {
        IsCommit = isCommit;
        State = state;
        RejectionReason = rejectionReason;
    }

    /// <summary>Gets whether the decision is to commit <see cref="State"/>.</summary>
    public bool IsCommit { get; }

    /// <summary>Gets the state to commit (meaningful only when <see cref="IsCommit"/>).</summary>
    public TState State { get; }

    /// <summary>Gets why the update was rejected (null when <see cref="IsCommit"/>).</summary>
    public string? RejectionReason { get; }

    internal bool IsValid => IsCommit || RejectionReason is not null;

    /// <summary>Commits <paramref name="newState"/> as the next version.</summary>
    /// <param name="newState">The new state.</param>
    /// <returns>The decision.</returns>
#pragma warning disable CA1000 // The factory methods are the intended way to create a decision.
    public static LedgerDecision<TState> Commit(TState newState) => new(true, newState, null);

    /// <summary>Rejects the update (for example "insufficient funds"); nothing is written.</summary>
    /// <param name="reason">Why; returned in <see cref="LedgerUpdateResult{TState}.RejectionReason"/>.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reason"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is empty or white space.</exception>
    public static LedgerDecision<TState> Reject(string reason) =>
        new(false, default!, Internal.Guard.NotNullOrWhiteSpace(reason, nameof(reason)));
#pragma warning restore CA1000
}
