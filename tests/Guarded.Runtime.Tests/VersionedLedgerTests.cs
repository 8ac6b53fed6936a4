using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Guarded.Runtime.Tests;

public class VersionedLedgerTests
{
    private static LedgerDecision<decimal> Deposit(decimal balance, decimal amount) => LedgerDecision<decimal>.Commit(balance + amount);

    private static LedgerDecision<decimal> Withdraw(decimal balance, decimal amount) =>
        balance >= amount ? LedgerDecision<decimal>.Commit(balance - amount) : LedgerDecision<decimal>.Reject("insufficient funds");

    [Fact]
    public void Missing_key_reads_as_version_zero_with_the_initial_state()
    {
        using var ledger = new VersionedLedger<string, decimal>(new VersionedLedgerOptions<string, decimal> { InitialState = 100m });
        var entry = ledger.Read("alice");
        Assert.Equal(0, entry.Version);
        Assert.Equal(100m, entry.State);
        Assert.Equal(default, entry.Timestamp);
        Assert.Empty(ledger.GetHistory("alice"));
        Assert.False(ledger.IsDurable);
        Assert.Null(ledger.Recovery);
    }

    [Fact]
    public void Commits_increase_the_version_by_one_and_append_history()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var ledger = new VersionedLedger<string, decimal>(new VersionedLedgerOptions<string, decimal> { TimeProvider = time });
        var first = ledger.TryUpdate("alice", 0, b => Deposit(b, 50m));
        Assert.Equal(LedgerOutcome.Committed, first.Outcome);
        Assert.True(first.IsCommitted);
        Assert.Equal(1, first.Version);
        Assert.Equal(0, first.ExpectedVersion);
        Assert.Equal(0, first.ActualVersion);
        Assert.Equal(50m, first.State);
        Assert.Null(first.RejectionReason);

        time.Advance(TimeSpan.FromMinutes(1));
        var second = ledger.TryUpdate("alice", 1, b => Withdraw(b, 20m));
        Assert.Equal(2, second.Version);
        Assert.Equal(30m, ledger.Read("alice").State);

        var history = ledger.GetHistory("alice");
        Assert.Equal(new long[] { 1, 2 }, history.Select(e => e.Version));
        Assert.Equal(new[] { 50m, 30m }, history.Select(e => e.State));
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromMinutes(1), history[0].Timestamp);
        Assert.Equal(time.GetUtcNow(), history[1].Timestamp);
        Assert.Equal(2, ledger.GetStatistics().Commits);
    }

    [Fact]
    public void Stale_version_conflicts_with_both_versions_and_does_not_run_decide()
    {
        using var ledger = new VersionedLedger<string, decimal>();
        ledger.TryUpdate("k", 0, b => Deposit(b, 1m));
        bool ran = false;
        var conflict = ledger.TryUpdate("k", 0, b => { ran = true; return Deposit(b, 1m); });
        Assert.False(ran);
        Assert.Equal(LedgerOutcome.Conflict, conflict.Outcome);
        Assert.Equal(0, conflict.ExpectedVersion);
        Assert.Equal(1, conflict.ActualVersion);
        Assert.Equal(1, conflict.Version);
        Assert.Equal(1m, conflict.State);
        Assert.Equal(1, ledger.GetStatistics().Conflicts);

        var ahead = ledger.TryUpdate("k", 5, b => Deposit(b, 1m));
        Assert.Equal(LedgerOutcome.Conflict, ahead.Outcome);
    }

    [Fact]
    public void Two_writes_with_the_same_version_exactly_one_wins()
    {
        using var ledger = new VersionedLedger<string, decimal>(new VersionedLedgerOptions<string, decimal> { InitialState = 10m });
        var read = ledger.Read("acct");
        var a = ledger.TryUpdate("acct", read.Version, b => Withdraw(b, 10m));
        var b = ledger.TryUpdate("acct", read.Version, b => Withdraw(b, 10m));
        Assert.Equal(LedgerOutcome.Committed, a.Outcome);
        Assert.Equal(LedgerOutcome.Conflict, b.Outcome);
        Assert.Equal(0m, ledger.Read("acct").State);
    }

    [Fact]
    public void Rejection_carries_the_reason_and_changes_nothing()
    {
        using var ledger = new VersionedLedger<string, decimal>();
        var rejected = ledger.TryUpdate("k", 0, b => Withdraw(b, 5m));
        Assert.Equal(LedgerOutcome.Rejected, rejected.Outcome);
        Assert.Equal("insufficient funds", rejected.RejectionReason);
        Assert.Equal(0, rejected.Version);
        Assert.Equal(0, ledger.Read("k").Version);
        Assert.Equal(1, ledger.GetStatistics().Rejections);
    }

    [Fact]
    public void Throwing_decide_propagates_and_changes_nothing()
    {
        using var ledger = new VersionedLedger<string, decimal>();
        ledger.Update("k", b => Deposit(b, 3m));
        Assert.Throws<DivideByZeroException>(() => ledger.TryUpdate("k", 1, _ => throw new DivideByZeroException()));
        Assert.Throws<DivideByZeroException>(() => ledger.Update("k", _ => throw new DivideByZeroException()));
        Assert.Equal(1, ledger.Read("k").Version);
        Assert.Equal(3m, ledger.Read("k").State);
        Assert.Single(ledger.GetHistory("k"));
        Assert.Equal(2, ledger.Update("k", b => Deposit(b, 1m)).Version); // the key's critical section was released
    }

    [Theory]
    [InlineData(false, "k")]
    [InlineData(false, "other")]
    [InlineData(true, "k")]
    [InlineData(true, "other")]
    public void Update_from_inside_decide_fails_fast_and_changes_nothing(bool durable, string nestedKey)
    {
        using var ledger = durable
            ? VersionedLedger.Open(TestUtil.TempFile("reentry.journal"), LedgerCodec.ForPrimitives<string, decimal>())
            : new VersionedLedger<string, decimal>();
        ledger.Update("k", b => Deposit(b, 1m));

        Assert.Throws<LockRecursionException>(() => ledger.Update("k", b =>
        {
            ledger.Update(nestedKey, inner => Deposit(inner, 10m));
            return Deposit(b, 2m);
        }));
        Assert.Throws<LockRecursionException>(() => ledger.Update("k", b =>
        {
            ledger.TryUpdate(nestedKey, 1, inner => Deposit(inner, 10m));
            return Deposit(b, 2m);
        }));

        Assert.Equal(1, ledger.Read("k").Version);
        Assert.Equal(1m, ledger.Read("k").State);
        Assert.Equal(0, ledger.Read("other").Version);
        Assert.Equal(2, ledger.Update("k", b => Deposit(b, 1m)).Version); // the key's critical section was released
    }

    [Fact]
    public void Default_decision_is_rejected_as_a_bug()
    {
        using var ledger = new VersionedLedger<string, int>();
        Assert.Throws<InvalidOperationException>(() => ledger.Update("k", _ => default));
        Assert.Equal(0, ledger.Read("k").Version);
    }

    [Fact]
    public void Update_decides_against_the_current_state_and_never_conflicts()
    {
        using var ledger = new VersionedLedger<int, long>();
        for (int i = 0; i < 10; i++)
        {
            var result = ledger.Update(1, s => LedgerDecision<long>.Commit(s + 1));
            Assert.Equal(LedgerOutcome.Committed, result.Outcome);
            Assert.Equal(i, result.ExpectedVersion);
            Assert.Equal(i + 1, result.Version);
        }

        Assert.Equal(10, ledger.Read(1).State);
    }

    [Fact]
    public async Task Async_variants_behave_like_the_sync_ones()
    {
        using var ledger = new VersionedLedger<string, decimal>();
        var committed = await ledger.TryUpdateAsync("k", 0, b => Deposit(b, 5m));
        Assert.Equal(1, committed.Version);
        var conflict = await ledger.TryUpdateAsync("k", 0, b => Deposit(b, 5m));
        Assert.Equal(LedgerOutcome.Conflict, conflict.Outcome);
        var updated = await ledger.UpdateAsync("k", b => Withdraw(b, 2m));
        Assert.Equal(3m, updated.State);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ledger.UpdateAsync("k", b => Deposit(b, 1m), new CancellationToken(true)).AsTask());
        Assert.Equal(2, ledger.Read("k").Version);
    }

    [Fact]
    public void Decision_factories_validate()
    {
        Assert.ThrowsAny<ArgumentException>(() => LedgerDecision<int>.Reject(""));
        Assert.ThrowsAny<ArgumentException>(() => LedgerDecision<int>.Reject(null!));
        var commit = LedgerDecision<int>.Commit(3);
        Assert.True(commit.IsCommit);
        Assert.Equal(3, commit.State);
    }

    [Fact]
    public void Argument_errors_are_clear()
    {
        using var ledger = new VersionedLedger<string, int>();
        Assert.Equal("expectedVersion", Assert.Throws<ArgumentOutOfRangeException>(() => ledger.TryUpdate("k", -1, s => LedgerDecision<int>.Commit(s))).ParamName);
        Assert.Equal("decide", Assert.Throws<ArgumentNullException>(() => ledger.TryUpdate("k", 0, null!)).ParamName);
        Assert.Equal("decide", Assert.Throws<ArgumentNullException>(() => ledger.Update("k", null!)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => ledger.Read(null!)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => ledger.Update(null!, s => LedgerDecision<int>.Commit(s))).ParamName);
        Assert.Throws<ArgumentNullException>(() => ledger.GetHistory(null!));
    }

    [Fact]
    public void Disposed_ledger_refuses_updates_but_still_reads()
    {
        var ledger = new VersionedLedger<string, int>();
        ledger.Update("k", s => LedgerDecision<int>.Commit(s + 1));
        ledger.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ledger.Update("k", s => LedgerDecision<int>.Commit(s + 1)));
        Assert.Equal(1, ledger.Read("k").Version);
    }
}
