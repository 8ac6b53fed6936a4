using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Guarded.Runtime.SystematicTests.Adapters;

/// <summary>The outcome of one ledger update, as the scenarios see it.</summary>
internal readonly record struct LedgerResult(LedgerOutcome Outcome, long Version, int State);

/// <summary>
/// What the ledger scenarios need from a versioned ledger of int balances: <see cref="RuntimeLedger"/> adapts the
/// real <c>VersionedLedger</c> (in memory or journaled), the classes in <c>Broken/</c> model broken ledgers.
/// Decisions use the runtime's public <see cref="LedgerDecision{TState}"/>.
/// </summary>
internal interface ILedgerUnderTest
{
    LedgerEntry<int> Read(string key);

    IReadOnlyList<LedgerEntry<int>> GetHistory(string key);

    Task<LedgerResult> TryUpdateAsync(string key, long expectedVersion, Func<int, LedgerDecision<int>> decide);

    Task<LedgerResult> UpdateAsync(string key, Func<int, LedgerDecision<int>> decide);
}
