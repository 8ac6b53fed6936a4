using System;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.VersionsIncrease"/>: the state change is atomic, but the new version number
/// is computed from a read taken before the lock, so two commits can get the same version.
/// </summary>
internal sealed class StaleVersionLedger : ListLedgerBase
{
    public StaleVersionLedger(int initialBalance)
        : base(initialBalance)
    {
    }

    public override async Task<LedgerResult> UpdateAsync(string key, Func<int, LedgerDecision<int>> decide)
    {
        long next = Read(key).Version + 1;
        await Task.Yield();
        lock (Gate)
        {
            var decision = decide(HeadLocked(key).State);
            return decision.IsCommit
                ? AppendLocked(key, decision.State, next) // BUG: 'next' was computed outside the lock.
                : new LedgerResult(LedgerOutcome.Rejected, next - 1, HeadLocked(key).State);
        }
    }
}
