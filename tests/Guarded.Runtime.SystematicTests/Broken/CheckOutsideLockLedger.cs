using System;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.OneCommitPerVersion"/>: <c>TryUpdate</c> compares the expected version
/// before taking the lock, so two writers holding the same version both pass the check and both commit.
/// </summary>
internal sealed class CheckOutsideLockLedger : ListLedgerBase
{
    public CheckOutsideLockLedger(int initialBalance)
        : base(initialBalance)
    {
    }

    public override async Task<LedgerResult> TryUpdateAsync(string key, long expectedVersion, Func<int, LedgerDecision<int>> decide)
    {
        var head = Read(key);
        if (head.Version != expectedVersion)
        {
            return new LedgerResult(LedgerOutcome.Conflict, head.Version, head.State);
        }

        await Task.Yield();
        lock (Gate)
        {
            // BUG: the version checked above may be stale by now.
            return DecideAndAppendLocked(key, HeadLocked(key), decide);
        }
    }
}
