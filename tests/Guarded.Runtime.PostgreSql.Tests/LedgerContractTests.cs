using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.PostgreSql;

namespace Guarded.Runtime.PostgreSql.Tests;

/// <summary>
/// The <see cref="IVersionedLedger{TKey, TState}"/> contract, written once and run unchanged against every backend:
/// <see cref="InMemoryLedgerContractTests"/>, <see cref="JournaledLedgerContractTests"/> and <see cref="PostgreSqlLedgerContractTests"/>.
/// </summary>
public abstract class LedgerContractTests : IDisposable
{
    private readonly List<IDisposable> _created = new();

    /// <summary>Creates a fresh, empty ledger of string keys and long states whose initial state is <paramref name="initialState"/>.</summary>
    protected abstract IVersionedLedger<string, long> CreateLedger(long initialState);

    public virtual void Dispose()
    {
        foreach (var ledger in _created)
        {
            ledger.Dispose();
        }
    }

    private IVersionedLedger<string, long> NewLedger(long initialState = 0)
    {
        var ledger = CreateLedger(initialState);
        _created.Add(ledger);
        return ledger;
    }

    private static LedgerDecision<long> Add(long state, long amount) => LedgerDecision<long>.Commit(state + amount);

    [ContractFact]
    public async Task A_key_never_committed_is_version_0_with_the_initial_state_and_no_history()
    {
        var ledger = NewLedger(initialState: 100);
        var entry = ledger.Read("fresh");
        Assert.Equal(0, entry.Version);
        Assert.Equal(100, entry.State);
        Assert.Equal(default, entry.Timestamp);
        Assert.Empty(ledger.GetHistory("fresh"));
        var asyncEntry = await ledger.ReadAsync("fresh");
        Assert.Equal(0, asyncEntry.Version);
        Assert.Equal(100, asyncEntry.State);
    }

    [ContractFact]
    public void A_commit_creates_the_next_version_and_appends_it_to_the_history()
    {
        var ledger = NewLedger(initialState: 100);
        var first = ledger.TryUpdate("acct", 0, s => Add(s, 5));
        Assert.Equal(LedgerOutcome.Committed, first.Outcome);
        Assert.True(first.IsCommitted);
        Assert.Equal(1, first.Version);
        Assert.Equal(0, first.ExpectedVersion);
        Assert.Equal(0, first.ActualVersion);
        Assert.Equal(105, first.State);
        Assert.Null(first.RejectionReason);

        var second = ledger.TryUpdate("acct", 1, s => Add(s, -30));
        Assert.Equal(2, second.Version);
        Assert.Equal(75, second.State);

        var read = ledger.Read("acct");
        Assert.Equal(2, read.Version);
        Assert.Equal(75, read.State);
        Assert.NotEqual(default, read.Timestamp);

        var history = ledger.GetHistory("acct");
        Assert.Equal(new long[] { 1, 2 }, history.Select(e => e.Version));
        Assert.Equal(new long[] { 105, 75 }, history.Select(e => e.State));
        Assert.True(history[0].Timestamp <= history[1].Timestamp);
    }

    [ContractFact]
    public void A_stale_expected_version_is_a_conflict_with_both_versions_and_decide_never_runs()
    {
        var ledger = NewLedger();
        ledger.TryUpdate("acct", 0, s => Add(s, 10));
        ledger.TryUpdate("acct", 1, s => Add(s, 10));
        int decideCalls = 0;
        var result = ledger.TryUpdate("acct", 1, s =>
        {
            decideCalls++;
            return Add(s, 1000);
        });

        Assert.Equal(LedgerOutcome.Conflict, result.Outcome);
        Assert.False(result.IsCommitted);
        Assert.Equal(1, result.ExpectedVersion);
        Assert.Equal(2, result.ActualVersion);
        Assert.Equal(2, result.Version);
        Assert.Equal(20, result.State);
        Assert.Equal(0, decideCalls);
        Assert.Equal(2, ledger.Read("acct").Version);
        Assert.Equal(2, ledger.GetHistory("acct").Count);

        var ahead = ledger.TryUpdate("acct", 7, s => Add(s, 1));
        Assert.Equal(LedgerOutcome.Conflict, ahead.Outcome);
        Assert.Equal(7, ahead.ExpectedVersion);
        Assert.Equal(2, ahead.ActualVersion);
        Assert.Equal(2, ledger.GetStatistics().Conflicts);
    }

    [ContractFact]
    public void A_rejection_carries_its_reason_and_changes_nothing()
    {
        var ledger = NewLedger(initialState: 50);
        ledger.TryUpdate("acct", 0, s => Add(s, 0));
        var result = ledger.TryUpdate("acct", 1, s => s >= 80 ? Add(s, -80) : LedgerDecision<long>.Reject("insufficient funds"));

        Assert.Equal(LedgerOutcome.Rejected, result.Outcome);
        Assert.Equal("insufficient funds", result.RejectionReason);
        Assert.Equal(1, result.Version);
        Assert.Equal(1, result.ExpectedVersion);
        Assert.Equal(1, result.ActualVersion);
        Assert.Equal(50, result.State);
        Assert.Equal(1, ledger.Read("acct").Version);
        Assert.Single(ledger.GetHistory("acct"));

        var viaUpdate = ledger.Update("acct", _ => LedgerDecision<long>.Reject("frozen"));
        Assert.Equal(LedgerOutcome.Rejected, viaUpdate.Outcome);
        Assert.Equal("frozen", viaUpdate.RejectionReason);
        var stats = ledger.GetStatistics();
        Assert.Equal(1, stats.Commits);
        Assert.Equal(2, stats.Rejections);
        Assert.Equal(0, stats.Conflicts);
    }

    [ContractFact]
    public void An_exception_from_decide_propagates_and_nothing_is_half_applied()
    {
        var ledger = NewLedger();
        ledger.TryUpdate("acct", 0, s => Add(s, 1));
        var thrown = Assert.Throws<InvalidTimeZoneException>(() => ledger.TryUpdate("acct", 1, _ => throw new InvalidTimeZoneException("boom")));
        Assert.Equal("boom", thrown.Message);
        Assert.Throws<InvalidTimeZoneException>(() => ledger.Update("acct", _ => throw new InvalidTimeZoneException("again")));

        var entry = ledger.Read("acct");
        Assert.Equal(1, entry.Version);
        Assert.Equal(1, entry.State);
        Assert.Single(ledger.GetHistory("acct"));

        var next = ledger.TryUpdate("acct", 1, s => Add(s, 1));
        Assert.Equal(2, next.Version);

        Assert.Throws<InvalidTimeZoneException>(() => ledger.TryUpdate("never", 0, _ => throw new InvalidTimeZoneException("first")));
        Assert.Equal(0, ledger.Read("never").Version);
        Assert.Empty(ledger.GetHistory("never"));
        Assert.Equal(1, ledger.TryUpdate("never", 0, s => Add(s, 3)).Version);
    }

    [ContractFact]
    public void An_update_from_inside_decide_fails_fast_and_changes_nothing()
    {
        var ledger = NewLedger();
        ledger.Update("acct", s => Add(s, 1));

        Assert.Throws<LockRecursionException>(() => ledger.Update("acct", s =>
        {
            ledger.Update("acct", inner => Add(inner, 10));
            return Add(s, 1);
        }));
        Assert.Throws<LockRecursionException>(() => ledger.Update("acct", s =>
        {
            ledger.TryUpdate("other", 0, inner => Add(inner, 10));
            return Add(s, 1);
        }));

        Assert.Equal(1, ledger.Read("acct").Version);
        Assert.Equal(0, ledger.Read("other").Version);
        Assert.Equal(2, ledger.Update("acct", s => Add(s, 1)).Version);
    }

    [ContractFact]
    public void A_default_decision_is_refused_and_changes_nothing()
    {
        var ledger = NewLedger();
        Assert.Throws<InvalidOperationException>(() => ledger.TryUpdate("acct", 0, _ => default));
        Assert.Equal(0, ledger.Read("acct").Version);
        Assert.Empty(ledger.GetHistory("acct"));
    }

    [ContractFact]
    public void Update_decides_against_the_current_version_and_never_conflicts()
    {
        var ledger = NewLedger(initialState: 10);
        for (int i = 1; i <= 5; i++)
        {
            var result = ledger.Update("acct", s => Add(s, i));
            Assert.Equal(LedgerOutcome.Committed, result.Outcome);
            Assert.Equal(i, result.Version);
            Assert.Equal(i - 1, result.ExpectedVersion);
            Assert.Equal(i - 1, result.ActualVersion);
        }

        Assert.Equal(25, ledger.Read("acct").State);
        Assert.Equal(5, ledger.GetHistory("acct").Count);
    }

    [ContractFact]
    public async Task The_asynchronous_forms_follow_the_same_contract()
    {
        var ledger = NewLedger();
        var committed = await ledger.TryUpdateAsync("acct", 0, s => Add(s, 7));
        Assert.Equal(LedgerOutcome.Committed, committed.Outcome);
        var conflict = await ledger.TryUpdateAsync("acct", 0, s => Add(s, 7));
        Assert.Equal(LedgerOutcome.Conflict, conflict.Outcome);
        Assert.Equal(1, conflict.ActualVersion);
        var rejected = await ledger.UpdateAsync("acct", _ => LedgerDecision<long>.Reject("no"));
        Assert.Equal(LedgerOutcome.Rejected, rejected.Outcome);
        var updated = await ledger.UpdateAsync("acct", s => Add(s, 1));
        Assert.Equal(2, updated.Version);
        Assert.Equal(8, (await ledger.ReadAsync("acct")).State);
        await Assert.ThrowsAsync<InvalidTimeZoneException>(async () => await ledger.UpdateAsync("acct", _ => throw new InvalidTimeZoneException()));
        Assert.Equal(2, ledger.Read("acct").Version);
    }

    [ContractFact]
    public async Task A_cancelled_update_changes_nothing_and_never_calls_decide()
    {
        var ledger = NewLedger();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        bool called = false;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ledger.UpdateAsync("acct", s => { called = true; return Add(s, 1); }, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ledger.TryUpdateAsync("acct", 0, s => { called = true; return Add(s, 1); }, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ledger.ReadAsync("acct", cancelled.Token));
        Assert.False(called);
        Assert.Equal(0, ledger.Read("acct").Version);
    }

    [ContractFact]
    public async Task Argument_errors_are_clear_exceptions()
    {
        var ledger = NewLedger();
        Assert.Throws<ArgumentNullException>(() => ledger.Read(null!));
        Assert.Throws<ArgumentNullException>(() => ledger.GetHistory(null!));
        Assert.Throws<ArgumentNullException>(() => ledger.TryUpdate(null!, 0, s => Add(s, 1)));
        Assert.Throws<ArgumentNullException>(() => ledger.TryUpdate("k", 0, null!));
        Assert.Throws<ArgumentNullException>(() => ledger.Update("k", null!));
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => ledger.TryUpdate("k", -1, s => Add(s, 1)));
        Assert.Equal("expectedVersion", negative.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.TryUpdateAsync("k", -1, s => Add(s, 1)));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await ledger.UpdateAsync("k", null!));
        Assert.Throws<ArgumentException>(() => LedgerDecision<long>.Reject(" "));
    }

    [ContractFact]
    public void Keys_are_independent()
    {
        var ledger = NewLedger();
        ledger.Update("a", s => Add(s, 1));
        ledger.Update("a", s => Add(s, 1));
        ledger.Update("b", s => Add(s, 10));
        Assert.Equal((2L, 2L), (ledger.Read("a").Version, ledger.Read("a").State));
        Assert.Equal((1L, 10L), (ledger.Read("b").Version, ledger.Read("b").State));
        Assert.Equal(LedgerOutcome.Committed, ledger.TryUpdate("b", 1, s => Add(s, 1)).Outcome);
    }

    [ContractFact]
    public void A_disposed_ledger_refuses_updates()
    {
        var ledger = CreateLedger(0);
        ledger.Update("a", s => Add(s, 1));
        ledger.Dispose();
        ledger.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ledger.Update("a", s => Add(s, 1)));
        Assert.Throws<ObjectDisposedException>(() => ledger.TryUpdate("a", 1, s => Add(s, 1)));
    }

    [ContractFact]
    public async Task Concurrent_writers_lose_no_update_and_versions_have_no_gap()
    {
        var ledger = NewLedger();
        const int Writers = 8;
        const int PerWriter = 40;
        long committedByRetry = 0;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < PerWriter; i++)
            {
                if (w % 2 == 0)
                {
                    var result = await ledger.UpdateAsync("hot", s => Add(s, 1));
                    Assert.Equal(LedgerOutcome.Committed, result.Outcome);
                }
                else
                {
                    // Optimistic read-then-update loop: conflicts are retried, never lost.
                    while (true)
                    {
                        var seen = await ledger.ReadAsync("hot");
                        var result = ledger.TryUpdate("hot", seen.Version, s => Add(s, 1));
                        if (result.IsCommitted)
                        {
                            Interlocked.Increment(ref committedByRetry);
                            break;
                        }

                        Assert.Equal(LedgerOutcome.Conflict, result.Outcome);
                        Assert.NotEqual(result.ExpectedVersion, result.ActualVersion);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(writers);

        var final = ledger.Read("hot");
        Assert.Equal(Writers * PerWriter, final.Version);
        Assert.Equal(Writers * PerWriter, final.State);
        Assert.Equal(Writers / 2 * PerWriter, committedByRetry);
        var history = ledger.GetHistory("hot");
        Assert.Equal(Enumerable.Range(1, Writers * PerWriter).Select(v => (long)v), history.Select(e => e.Version));
        Assert.Equal(history.Select(e => e.Version), history.Select(e => e.State)); // each commit added exactly 1 to the state it replaced
        Assert.Equal(Writers * PerWriter, ledger.GetStatistics().Commits);
    }
}

public sealed class InMemoryLedgerContractTests : LedgerContractTests
{
    protected override IVersionedLedger<string, long> CreateLedger(long initialState) =>
        new VersionedLedger<string, long>(new VersionedLedgerOptions<string, long> { InitialState = initialState });
}

public sealed class JournaledLedgerContractTests : LedgerContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guarded-contract-").FullName;
    private int _files;

    protected override IVersionedLedger<string, long> CreateLedger(long initialState) =>
        VersionedLedger.Open(
            Path.Combine(_directory, $"ledger-{Interlocked.Increment(ref _files)}.journal"),
            LedgerCodec.ForPrimitives<string, long>(),
            new VersionedLedgerOptions<string, long> { InitialState = initialState });

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

[RequiresPostgreSql]
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlLedgerContractTests : LedgerContractTests
{
    private readonly PostgresFixture _postgres;

    public PostgreSqlLedgerContractTests(PostgresFixture postgres)
    {
        _postgres = postgres;
    }

    protected override IVersionedLedger<string, long> CreateLedger(long initialState) =>
        PostgreSqlVersionedLedger.Open(
            _postgres.DataSource,
            LedgerCodec.ForPrimitives<string, long>(),
            new VersionedLedgerOptions<string, long> { InitialState = initialState },
            new PostgreSqlLedgerOptions { Namespace = _postgres.NewNamespace("ledger") });
}
