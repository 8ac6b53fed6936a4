using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;

namespace Guarded.Runtime.SystematicTests.Adapters;

/// <summary>The real <see cref="VersionedLedger{TKey, TState}"/> behind <see cref="ILedgerUnderTest"/>.</summary>
internal sealed class RuntimeLedger : ILedgerUnderTest
{
    private readonly VersionedLedger<string, int> _ledger;

    private RuntimeLedger(VersionedLedger<string, int> ledger) => _ledger = ledger;

    /// <summary>An in-memory ledger whose keys start at <paramref name="initialBalance"/>.</summary>
    public static RuntimeLedger InMemory(int initialBalance) =>
        new(new VersionedLedger<string, int>(new VersionedLedgerOptions<string, int> { InitialState = initialBalance }));

    /// <summary>A durable ledger journaling to <paramref name="journal"/> (the internal stream overload: no file I/O).</summary>
    public static RuntimeLedger Journaled(int initialBalance, Stream journal) =>
        new(VersionedLedger.Open(journal, LedgerCodec.ForPrimitives<string, int>(), new VersionedLedgerOptions<string, int> { InitialState = initialBalance }));

    public LedgerEntry<int> Read(string key) => _ledger.Read(key);

    public IReadOnlyList<LedgerEntry<int>> GetHistory(string key) => _ledger.GetHistory(key);

    public async Task<LedgerResult> TryUpdateAsync(string key, long expectedVersion, Func<int, LedgerDecision<int>> decide) =>
        Convert(await _ledger.TryUpdateAsync(key, expectedVersion, decide));

    public async Task<LedgerResult> UpdateAsync(string key, Func<int, LedgerDecision<int>> decide) =>
        Convert(await _ledger.UpdateAsync(key, decide));

    private static LedgerResult Convert(LedgerUpdateResult<int> result) => new(result.Outcome, result.Version, result.State);
}
