using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;
using Microsoft.Coyote.Specifications;

namespace Guarded.Runtime.SystematicTests.Ledger;

/// <summary>
/// Test bodies for a versioned ledger of account balances, shared by the real <c>VersionedLedger</c> and its
/// broken twins (Coyote's AccountManager/ETag sample is the model: two writes with one version, exactly one wins).
/// </summary>
internal static class LedgerScenarios
{
    private const string Account = "account-1";
    private const int Writers = 3;

    /// <summary>Two <c>TryUpdate</c> with the version both read: exactly one commits, the other conflicts.</summary>
    public static async Task SameExpectedVersion(ILedgerUnderTest ledger)
    {
        long expected = ledger.Read(Account).Version;
        var debit = Task.Run(() => ledger.TryUpdateAsync(Account, expected, balance => LedgerDecision<int>.Commit(balance - 30)));
        var credit = Task.Run(() => ledger.TryUpdateAsync(Account, expected, balance => LedgerDecision<int>.Commit(balance + 5)));
        var results = await Task.WhenAll(new[] { debit, credit });

        int committed = results.Count(r => r.Outcome == LedgerOutcome.Committed);
        int conflicts = results.Count(r => r.Outcome == LedgerOutcome.Conflict);
        var head = ledger.Read(Account);
        Specification.Assert(committed == 1 && conflicts == 1 && head.Version == expected + 1,
            "{0}: {1} committed, {2} conflicts, version {3} -> {4}", Invariants.OneCommitPerVersion, committed, conflicts, expected, head.Version);
        var winner = results.Single(r => r.Outcome == LedgerOutcome.Committed);
        Specification.Assert(head.State == winner.State, "{0}: the ledger holds {1}, the winner committed {2}",
            Invariants.OneCommitPerVersion, head.State, winner.State);
    }

    /// <summary>
    /// Concurrent retrying deposits: every one commits exactly once, the balance adds up, versions are 1..n in
    /// commit order, and the history has one entry per commit, each derived from its predecessor.
    /// </summary>
    public static async Task ConcurrentDeposits(ILedgerUnderTest ledger)
    {
        var start = ledger.Read(Account);
        var deposits = Enumerable.Range(0, Writers)
            .Select(_ => Task.Run(() => ledger.UpdateAsync(Account, balance => LedgerDecision<int>.Commit(balance + 1))))
            .ToArray();
        var results = await Task.WhenAll(deposits);

        var head = ledger.Read(Account);
        int committed = results.Count(r => r.Outcome == LedgerOutcome.Committed);
        Specification.Assert(committed == Writers && head.State == start.State + Writers,
            "{0}: {1} of {2} deposits committed, balance {3} -> {4}", Invariants.NoLostCommit, committed, Writers, start.State, head.State);

        var versions = results.Select(r => r.Version).OrderBy(v => v).ToArray();
        var history = ledger.GetHistory(Account);
        bool distinctVersions = versions.SequenceEqual(Enumerable.Range(1, Writers).Select(v => start.Version + v));
        bool historyChained = history.Count == start.Version + Writers
            && history.Select((entry, index) => entry.Version == index + 1).All(ok => ok)
            && history.Skip(1).Select((entry, index) => entry.State == history[index].State + 1).All(ok => ok);
        Specification.Assert(distinctVersions && historyChained && head.Version == start.Version + Writers,
            "{0}: acknowledged versions [{1}], history versions [{2}], head {3}", Invariants.VersionsIncrease,
            string.Join(", ", versions), string.Join(", ", history.Select(e => e.Version)), head.Version);
    }

    /// <summary>
    /// Concurrent retrying withdrawals that each fit the balance alone, but not together: the ones that do not fit
    /// any more are rejected, and the balance never goes below zero.
    /// </summary>
    public static async Task ConcurrentWithdrawals(ILedgerUnderTest ledger)
    {
        const int Amount = 6;
        int balance = ledger.Read(Account).State; // 10 in the tests: room for one withdrawal
        var withdrawals = Enumerable.Range(0, Writers)
            .Select(_ => Task.Run(() => ledger.UpdateAsync(Account, current => current >= Amount
                ? LedgerDecision<int>.Commit(current - Amount)
                : LedgerDecision<int>.Reject("insufficient funds"))))
            .ToArray();
        var results = await Task.WhenAll(withdrawals);

        int committed = results.Count(r => r.Outcome == LedgerOutcome.Committed);
        var head = ledger.Read(Account);
        Specification.Assert(committed == balance / Amount && head.State == balance - (committed * Amount) && head.State >= 0,
            "{0}: {1} withdrawals of {2} from {3} committed, balance now {4}", Invariants.NeverOverdrawn, committed, Amount, balance, head.State);
    }

    /// <summary>Concurrent deposits on a journaled ledger: when a commit is acknowledged, its record is on disk.</summary>
    public static async Task AcknowledgedAfterJournal(Func<RecordingJournalStream, ILedgerUnderTest> open)
    {
        using var journal = new RecordingJournalStream();
        var ledger = open(journal);
        var deposits = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            var result = await ledger.UpdateAsync(Account, balance => LedgerDecision<int>.Commit(balance + 1));
            int durable = journal.DurableRecords;
            Specification.Assert(result.Outcome != LedgerOutcome.Committed || durable >= result.Version,
                "{0}: version {1} acknowledged with {2} records on disk", Invariants.JournaledBeforeAck, result.Version, durable);
        }));

        await Task.WhenAll(deposits.ToArray());
    }

    /// <summary>
    /// A deposit whose decide callback updates the same account, racing plain deposits: the nested update is refused
    /// with <see cref="LockRecursionException"/> (thrown, or as its task's failure) and never commits; the plain
    /// deposits are not refused, and every acknowledged commit is in the balance once.
    /// </summary>
    public static async Task ReentrantUpdateRefused(ILedgerUnderTest ledger)
    {
        const int Nested = 100;
        var start = ledger.Read(Account);
        Task<LedgerResult>? nested = null;
        var reentrant = Task.Run(() => ledger.UpdateAsync(Account, balance =>
        {
            nested = ledger.UpdateAsync(Account, inner => LedgerDecision<int>.Commit(inner + Nested));
            return LedgerDecision<int>.Commit(balance + 1);
        }));
        var plain = Enumerable.Range(0, Writers - 1)
            .Select(_ => Task.Run(() => ledger.UpdateAsync(Account, balance => LedgerDecision<int>.Commit(balance + 1))))
            .ToArray();

        var outer = await Outcome(reentrant);
        var inner = nested is null ? outer : await Outcome(nested);
        var plainResults = await Task.WhenAll(plain);

        int acknowledged = plainResults.Count(r => r.Outcome == LedgerOutcome.Committed) + (outer.Result?.Outcome == LedgerOutcome.Committed ? 1 : 0);
        var head = ledger.Read(Account);
        Specification.Assert(inner.Failure is LockRecursionException,
            "{0}: the nested update {1}", Invariants.ReentryRefused, inner.Failure?.GetType().Name ?? $"returned {inner.Result?.Outcome}");
        Specification.Assert(plainResults.All(r => r.Outcome == LedgerOutcome.Committed) && head.State == start.State + acknowledged && head.Version == start.Version + acknowledged,
            "{0}: {1} acknowledged deposits, balance {2} -> {3}, version {4} -> {5}", Invariants.NoLostCommit, acknowledged, start.State, head.State, start.Version, head.Version);
    }

    private static async Task<(LedgerResult? Result, Exception? Failure)> Outcome(Task<LedgerResult> update)
    {
        try
        {
            return (await update, null);
        }
        catch (Exception exception)
        {
            return (null, exception);
        }
    }
}
