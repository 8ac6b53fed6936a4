using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.NoLostCommit"/>: a lock per key, but the key's slot is created with
/// check-then-set. Two first writers create two slots, each commits under its own lock, and the slot stored
/// last wins: the other's commit is lost.
/// </summary>
internal sealed class RacySlotLedger : ILedgerUnderTest
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new();
    private readonly int _initialBalance;

    public RacySlotLedger(int initialBalance) => _initialBalance = initialBalance;

    public LedgerEntry<int> Read(string key)
    {
        var slot = _slots.TryGetValue(key, out var found) ? found : null;
        if (slot is null)
        {
            return new LedgerEntry<int>(_initialBalance, 0, default);
        }

        lock (slot)
        {
            return slot.Head;
        }
    }

    public IReadOnlyList<LedgerEntry<int>> GetHistory(string key)
    {
        if (!_slots.TryGetValue(key, out var slot))
        {
            return Array.Empty<LedgerEntry<int>>();
        }

        lock (slot)
        {
            return slot.History.ToArray();
        }
    }

    public Task<LedgerResult> TryUpdateAsync(string key, long expectedVersion, Func<int, LedgerDecision<int>> decide) =>
        throw new NotSupportedException("This twin models Update only.");

    public async Task<LedgerResult> UpdateAsync(string key, Func<int, LedgerDecision<int>> decide)
    {
        await Task.Yield();
        var slot = SlotFor(key);
        lock (slot)
        {
            var head = slot.Head;
            var decision = decide(head.State);
            if (!decision.IsCommit)
            {
                return new LedgerResult(LedgerOutcome.Rejected, head.Version, head.State);
            }

            var entry = new LedgerEntry<int>(decision.State, head.Version + 1, default);
            slot.History.Add(entry);
            return new LedgerResult(LedgerOutcome.Committed, entry.Version, entry.State);
        }
    }

    private Slot SlotFor(string key)
    {
        if (!_slots.TryGetValue(key, out var slot))
        {
            slot = new Slot(_initialBalance);
            _slots[key] = slot; // BUG: check-then-set; GetOrAdd (one winner) was needed.
        }

        return slot;
    }

    private sealed class Slot
    {
        private readonly int _initialBalance;

        public Slot(int initialBalance) => _initialBalance = initialBalance;

        public List<LedgerEntry<int>> History { get; } = new();

        public LedgerEntry<int> Head => History.Count > 0 ? History[^1] : new LedgerEntry<int>(_initialBalance, 0, default);
    }
}
