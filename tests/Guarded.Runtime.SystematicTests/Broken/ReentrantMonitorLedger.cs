using System;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.ReentryRefused"/>: the in-memory ledger as it was before re-entry failed fast.
/// The update runs under the key's <c>Monitor</c>, which lets its own thread in again, so an update from inside decide
/// commits on the version the outer update is about to use, and the outer commit then overwrites it (one update lost).
/// </summary>
internal sealed class ReentrantMonitorLedger : ListLedgerBase
{
    public ReentrantMonitorLedger(int initialBalance)
        : base(initialBalance)
    {
    }

    public override Task<LedgerResult> UpdateAsync(string key, Func<int, LedgerDecision<int>> decide)
    {
        lock (Gate)
        {
            return Task.FromResult(DecideAndAppendLocked(key, HeadLocked(key), decide));
        }
    }
}
