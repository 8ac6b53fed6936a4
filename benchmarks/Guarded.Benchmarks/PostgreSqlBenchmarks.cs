using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Guarded.PostgreSql;
using Guarded.Runtime.PostgreSql.Tests;
using Npgsql;

namespace Guarded.Benchmarks;

/// <summary>
/// The same ledger commit and the same lock round trip on each backend, in one run: in memory, journaled (ledger only)
/// and PostgreSQL on loopback. The cluster is started from the machine's binaries in <see cref="Setup"/> with
/// <c>fsync</c> and <c>synchronous_commit</c> on, as in production, so a PostgreSQL commit is on disk when it returns.
/// The <c>Op/s</c> column is commits per second (ledger rows) and lock round trips (acquire + release) per second (lock rows).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PostgreSqlBenchmarks
{
    private const string Key = "account-42";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private PostgresServer _server = null!;
    private NpgsqlDataSource _dataSource = null!;
    private string _directory = null!;
    private VersionedLedger<string, long> _memory = null!;
    private VersionedLedger<string, long> _journaled = null!;
    private PostgreSqlVersionedLedger<string, long> _postgres = null!;
    private SessionLocks<string> _memoryLocks = null!;
    private PostgreSqlSessionLocks<string> _postgresLocks = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = PostgresServer.Start(durable: true);
        _dataSource = NpgsqlDataSource.Create(_server.ConnectionString);
        _directory = Directory.CreateTempSubdirectory("guarded-bench-").FullName;
        var codec = LedgerCodec.ForPrimitives<string, long>();
        _memory = new VersionedLedger<string, long>();
        _journaled = VersionedLedger.Open(Path.Combine(_directory, "ledger.journal"), codec);
        _postgres = PostgreSqlVersionedLedger.Open(_dataSource, codec);
        _memoryLocks = new SessionLocks<string>();
        _postgresLocks = PostgreSqlSessionLocks.Create<string>(_dataSource);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memory.Dispose();
        _journaled.Dispose();
        _postgres.Dispose();
        _memoryLocks.Dispose();
        _postgresLocks.Dispose();
        _dataSource.Dispose();
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "in memory: Read + TryUpdate")]
    [BenchmarkCategory("ledger commit")]
    public long MemoryCommit() => Commit(_memory);

    [Benchmark(Description = "journaled (fsync): Read + TryUpdate")]
    [BenchmarkCategory("ledger commit")]
    public long JournaledCommit() => Commit(_journaled);

    [Benchmark(Description = "PostgreSQL: Read + TryUpdate")]
    [BenchmarkCategory("ledger commit")]
    public long PostgresCommit() => Commit(_postgres);

    [Benchmark(Description = "PostgreSQL: Update")]
    [BenchmarkCategory("ledger commit")]
    public long PostgresUpdate() => _postgres.Update(Key, static s => LedgerDecision<long>.Commit(s + 1)).Version;

    [Benchmark(Baseline = true, Description = "in memory: SessionLocks Acquire + Dispose")]
    [BenchmarkCategory("lock round trip")]
    public bool MemoryLock()
    {
        using var handle = _memoryLocks.Acquire(Key, Timeout);
        return handle.IsHeld;
    }

    [Benchmark(Description = "PostgreSQL: Acquire + Dispose")]
    [BenchmarkCategory("lock round trip")]
    public bool PostgresLock()
    {
        using var handle = _postgresLocks.Acquire(Key, Timeout);
        return handle.IsHeld;
    }

    [Benchmark(Description = "PostgreSQL: AcquireAsync + DisposeAsync")]
    [BenchmarkCategory("lock round trip")]
    public async System.Threading.Tasks.Task<bool> PostgresLockAsync()
    {
        await using var handle = await _postgresLocks.AcquireAsync(Key, Timeout);
        return handle.IsHeld;
    }

    private static long Commit(IVersionedLedger<string, long> ledger)
    {
        var read = ledger.Read(Key);
        return ledger.TryUpdate(Key, read.Version, static s => LedgerDecision<long>.Commit(s + 1)).Version;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(StatisticColumn.OperationsPerSecond);
        }
    }
}
