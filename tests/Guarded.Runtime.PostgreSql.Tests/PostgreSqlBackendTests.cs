using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Guarded.PostgreSql;
using Npgsql;

namespace Guarded.Runtime.PostgreSql.Tests;

/// <summary>What only the PostgreSQL backend has: several instances (standing for several machines), the schema, dead connections.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlBackendTests
{
    private readonly PostgresFixture _postgres;

    public PostgreSqlBackendTests(PostgresFixture postgres)
    {
        _postgres = postgres;
    }

    /// <summary>A second instance with its own connection pool: what another process or machine sees.</summary>
    private NpgsqlDataSource OtherMachine() => NpgsqlDataSource.Create(_postgres.ConnectionString);

    [PostgresFact]
    public async Task Locks_exclude_holders_of_other_instances_on_the_server_with_timeout_and_cancellation()
    {
        string ns = _postgres.NewNamespace("server-locks");
        using var otherPool = OtherMachine();
        using var here = PostgreSqlSessionLocks.Create(_postgres.DataSource, new PostgreSqlSessionLocksOptions<string> { Namespace = ns });
        using var there = PostgreSqlSessionLocks.Create(otherPool, new PostgreSqlSessionLocksOptions<string> { Namespace = ns });
        Assert.Equal(here.GetLockId("s"), there.GetLockId("s"));

        var held = await here.AcquireAsync("s", TimeSpan.FromSeconds(10));
        Assert.False(there.TryAcquire("s", TimeSpan.Zero, out _));

        var stopwatch = Stopwatch.StartNew();
        Assert.Null(await there.TryAcquireAsync("s", TimeSpan.FromMilliseconds(400))); // waits on the server (lock_timeout)
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(350), $"gave up after {stopwatch.Elapsed}");
        Assert.Throws<SessionLockTimeoutException>(() => there.Acquire("s", TimeSpan.FromMilliseconds(200)));

        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await there.AcquireAsync("s", TimeSpan.FromSeconds(30), cancel.Token));
        }

        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            Assert.ThrowsAny<OperationCanceledException>(() => there.Acquire("s", TimeSpan.FromSeconds(30), cancel.Token));
        }

        var stats = there.GetStatistics();
        Assert.Equal(0, stats.Acquisitions);
        Assert.Equal(3, stats.Timeouts);
        Assert.True(stats.ContendedAcquisitions >= 5);

        var waiter = Task.Run(() => there.AcquireAsync("s", TimeSpan.FromSeconds(30)).AsTask());
        await Task.Delay(200);
        Assert.False(waiter.IsCompleted);
        await held.DisposeAsync();
        await using var handover = await waiter.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(handover.IsHeld);
        Assert.Equal(1, there.GetStatistics().LiveKeys);

        // Nothing leaked on the server by the timed-out and cancelled waits: only the hand-over's lock is held.
        Assert.Equal(1, await AdvisoryLocksHeld(handover.LockId));
    }

    [PostgresFact]
    public async Task Dispose_cancels_the_waits_on_the_server_and_keeps_no_lock_there()
    {
        string ns = _postgres.NewNamespace("dispose-waiters");
        using var otherPool = OtherMachine();
        var here = PostgreSqlSessionLocks.Create(_postgres.DataSource, new PostgreSqlSessionLocksOptions<string> { Namespace = ns });
        using var there = PostgreSqlSessionLocks.Create(otherPool, new PostgreSqlSessionLocksOptions<string> { Namespace = ns });
        var held = await there.AcquireAsync("s", TimeSpan.FromSeconds(10));
        using (await there.AcquireAsync("t", TimeSpan.FromSeconds(10)))
        {
            var waiting = Task.Run(() => here.AcquireAsync("s", TimeSpan.FromMinutes(5)).AsTask()); // waits on the server
            var blocked = Task.Run(() => here.Acquire("t", TimeSpan.FromMinutes(5)));
            var deadline = Stopwatch.StartNew();
            while (here.GetStatistics().ContendedAcquisitions < 2 && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20); // both found the key held on the server and are about to wait, or waiting
            }

            Assert.False(waiting.IsCompleted || blocked.IsCompleted);

            var stopwatch = Stopwatch.StartNew();
            here.Dispose();
            var failure = await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("'s'", failure.Message);
            await Assert.ThrowsAsync<ObjectDisposedException>(() => blocked.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"the waits ended only after {stopwatch.Elapsed}");
        }

        await held.DisposeAsync();
        Assert.Equal(0, await AdvisoryLocksHeld(here.GetLockId("s")));
        Assert.Equal(0, await AdvisoryLocksHeld(here.GetLockId("t")));
        using var after = await there.AcquireAsync("s", TimeSpan.FromSeconds(5)); // nobody kept it
        Assert.Equal(0, here.GetStatistics().Acquisitions);
    }

    [PostgresFact]
    public async Task A_handle_whose_session_died_releases_quietly_and_the_lock_is_free()
    {
        string ns = _postgres.NewNamespace("dead-session");
        using var otherPool = OtherMachine();
        using var locks = PostgreSqlSessionLocks.Create(_postgres.DataSource, new PostgreSqlSessionLocksOptions<string> { Namespace = ns });
        using var other = PostgreSqlSessionLocks.Create(otherPool, new PostgreSqlSessionLocksOptions<string> { Namespace = ns });
        var handle = locks.Acquire("s", TimeSpan.FromSeconds(5));
        await using (var admin = await _postgres.DataSource.OpenConnectionAsync())
        await using (var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND ((classid::bigint << 32) | objid::bigint) = $1", admin))
        {
            kill.Parameters.Add(new NpgsqlParameter<long> { TypedValue = handle.LockId });
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        await using var taken = await other.AcquireAsync("s", TimeSpan.FromSeconds(10)); // the server released it with the session
        Assert.True(handle.IsHeld); // documented: a handle cannot know its session died
        handle.Dispose(); // does not throw, and does not release the other holder
        Assert.False(handle.IsHeld);
        Assert.False(locks.TryAcquire("s", TimeSpan.Zero, out _));
    }

    [PostgresFact]
    public async Task A_ledger_is_shared_by_instances_with_their_own_pools()
    {
        string ns = _postgres.NewNamespace("shared-ledger");
        using var otherPool = OtherMachine();
        var codec = LedgerCodec.ForPrimitives<string, decimal>();
        using var here = PostgreSqlVersionedLedger.Open(_postgres.DataSource, codec, new VersionedLedgerOptions<string, decimal> { InitialState = 100m }, new PostgreSqlLedgerOptions { Namespace = ns });
        using var there = await PostgreSqlVersionedLedger.OpenAsync(otherPool, codec, new VersionedLedgerOptions<string, decimal> { InitialState = 100m }, new PostgreSqlLedgerOptions { Namespace = ns });

        var seenThere = there.Read("wallet");
        var debit = here.TryUpdate("wallet", 0, s => LedgerDecision<decimal>.Commit(s - 60m));
        Assert.True(debit.IsCommitted);
        var stale = there.TryUpdate("wallet", seenThere.Version, s => LedgerDecision<decimal>.Commit(s - 60m));
        Assert.Equal(LedgerOutcome.Conflict, stale.Outcome);
        Assert.Equal(0, stale.ExpectedVersion);
        Assert.Equal(1, stale.ActualVersion);
        Assert.Equal(40m, stale.State);
        var retried = there.Update("wallet", s => s >= 60m ? LedgerDecision<decimal>.Commit(s - 60m) : LedgerDecision<decimal>.Reject("insufficient funds"));
        Assert.Equal(LedgerOutcome.Rejected, retried.Outcome);
        Assert.Equal(40m, here.Read("wallet").State);
        Assert.Single(await there.GetHistoryAsync("wallet"));

        using var otherNamespace = PostgreSqlVersionedLedger.Open(_postgres.DataSource, codec, null, new PostgreSqlLedgerOptions { Namespace = ns + "-other" });
        Assert.Equal(0, otherNamespace.Read("wallet").Version);
    }

    [PostgresFact]
    public async Task The_schema_is_created_once_and_a_newer_schema_is_refused()
    {
        string schema = "guarded_schema_" + Guid.NewGuid().ToString("N")[..8];
        var codec = LedgerCodec.ForPrimitives<string, long>();
        var store = new PostgreSqlLedgerOptions { Schema = schema };
        using (var first = PostgreSqlVersionedLedger.Open(_postgres.ConnectionString, codec, null, store))
        using (var second = PostgreSqlVersionedLedger.Open(_postgres.ConnectionString, codec, null, store))
        {
            first.Update("k", s => LedgerDecision<long>.Commit(s + 1));
            Assert.Equal(1, second.Read("k").Version);
        }

        await using var connection = await _postgres.DataSource.OpenConnectionAsync();
        await using (var version = new NpgsqlCommand($"SELECT version FROM \"{schema}\".schema_version WHERE component = 'ledger'", connection))
        {
            Assert.Equal(PostgreSqlSchema.CurrentVersion, await version.ExecuteScalarAsync());
        }

        await using (var bump = new NpgsqlCommand($"UPDATE \"{schema}\".schema_version SET version = 99", connection))
        {
            await bump.ExecuteNonQueryAsync();
        }

        var refused = Assert.Throws<NotSupportedException>(() => PostgreSqlVersionedLedger.Open(_postgres.DataSource, codec, null, store));
        Assert.Contains("99", refused.Message);
    }

    [Fact]
    public void Setup_argument_errors_are_clear_exceptions()
    {
        var codec = LedgerCodec.ForPrimitives<string, long>();
        Assert.Throws<ArgumentException>(() => PostgreSqlVersionedLedger.Open(" ", codec));
        Assert.Throws<ArgumentNullException>(() => PostgreSqlVersionedLedger.Open((NpgsqlDataSource)null!, codec));
        Assert.Throws<ArgumentNullException>(() => PostgreSqlSessionLocks.Create<string>((NpgsqlDataSource)null!));
        Assert.Throws<ArgumentException>(() => PostgreSqlSessionLocks.Create<string>(""));
        Assert.Throws<ArgumentException>(() => new PostgreSqlLedgerOptions { Namespace = "" });
        Assert.Throws<ArgumentNullException>(() => new PostgreSqlSessionLocksOptions<string> { Namespace = null! });
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgreSqlSessionLocks.Create("Host=127.0.0.1", new PostgreSqlSessionLocksOptions<string> { DefaultTimeout = TimeSpan.FromSeconds(-2) }));
    }

    private async Task<long> AdvisoryLocksHeld(long lockId)
    {
        await using var connection = await _postgres.DataSource.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = $1", connection);
        count.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lockId });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
