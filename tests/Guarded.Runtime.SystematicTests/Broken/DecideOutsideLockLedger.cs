using System;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.NeverOverdrawn"/>: <c>Update</c> decides on a snapshot read outside the
/// lock and then writes the decided state (the "check the balance, then debit" incident): two withdrawals that
/// each fit the balance alone both commit.
/// </summary>
internal sealed class DecideOutsideLockLedger : ListLedgerBase
{
    public DecideOutsideLockLedger(int initialBalance)
        : base(initialBalance)
    {
    }

    public override async Task<LedgerResult> UpdateAsync(string key, Func<int, LedgerDecision<int>> decide)
    {
        var snapshot = Read(key);
        var decision = decide(snapshot.State);
        if (!decision.IsCommit)
        {
            return new LedgerResult(LedgerOutcome.Rejected, snapshot.Version, snapshot.State);
        }

        await Task.Yield();
        lock (Gate)
        {
            // BUG: decided against a snapshot that may be stale; no re-check here.
            return AppendLocked(key, decision.State, HeadLocked(key).Version + 1);
        }
    }
}
