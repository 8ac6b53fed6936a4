using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// The shape most ledger twins share, correct as written: one lock over a history list per key; an update reads
/// the head, checks the expected version, decides and appends, all inside the lock. Each twin moves one of those
/// steps outside it.
/// </summary>
internal abstract class ListLedgerBase : ILedgerUnderTest
{
    protected readonly object Gate = new();
    private readonly Dictionary<string, List<LedgerEntry<int>>> _histories = new();
    private readonly int _initialBalance;

    protected ListLedgerBase(int initialBalance) => _initialBalance = initialBalance;

    public LedgerEntry<int> Read(string key)
    {
        lock (Gate)
        {
            return HeadLocked(key);
        }
    }

    public IReadOnlyList<LedgerEntry<int>> GetHistory(string key)
    {
        lock (Gate)
        {
            return _histories.TryGetValue(key, out var history) ? history.ToArray() : Array.Empty<LedgerEntry<int>>();
        }
    }

    public virtual async Task<LedgerResult> TryUpdateAsync(string key, long expectedVersion, Func<int, LedgerDecision<int>> decide)
    {
        await Task.Yield();
        lock (Gate)
        {
            var head = HeadLocked(key);
            if (head.Version != expectedVersion)
            {
                return new LedgerResult(LedgerOutcome.Conflict, head.Version, head.State);
            }

            return DecideAndAppendLocked(key, head, decide);
        }
    }

    public virtual async Task<LedgerResult> UpdateAsync(string key, Func<int, LedgerDecision<int>> decide)
    {
        await Task.Yield();
        lock (Gate)
        {
            return DecideAndAppendLocked(key, HeadLocked(key), decide);
        }
    }

    protected LedgerEntry<int> HeadLocked(string key) =>
        _histories.TryGetValue(key, out var history) && history.Count > 0 ? history[^1] : new LedgerEntry<int>(_initialBalance, 0, default);

    protected LedgerResult DecideAndAppendLocked(string key, LedgerEntry<int> head, Func<int, LedgerDecision<int>> decide)
    {
        var decision = decide(head.State);
        return decision.IsCommit
            ? AppendLocked(key, decision.State, head.Version + 1)
            : new LedgerResult(LedgerOutcome.Rejected, head.Version, head.State);
    }

    protected LedgerResult AppendLocked(string key, int state, long version)
    {
        if (!_histories.TryGetValue(key, out var history))
        {
            history = new List<LedgerEntry<int>>();
            _histories[key] = history;
        }

        history.Add(new LedgerEntry<int>(state, version, default));
        return new LedgerResult(LedgerOutcome.Committed, version, state);
    }
}
