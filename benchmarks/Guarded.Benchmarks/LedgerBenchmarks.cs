using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using Guarded;

namespace Guarded.Benchmarks;

/// <summary>One optimistic update (read version, TryUpdate) of an in-memory ledger versus a hand-written lock-based equivalent.</summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private const string Key = "account-42";
    private readonly object _sync = new();
    private readonly Dictionary<string, (decimal State, long Version)> _table = new();
    private VersionedLedger<string, decimal> _ledger = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ledger = new VersionedLedger<string, decimal>();
        _table[Key] = (0m, 0);
    }

    [GlobalCleanup]
    public void Cleanup() => _ledger.Dispose();

    [Benchmark(Baseline = true, Description = "lock + Dictionary version check")]
    public long LockBased()
    {
        long expected;
        lock (_sync)
        {
            expected = _table[Key].Version;
        }

        lock (_sync)
        {
            var current = _table[Key];
            if (current.Version != expected)
            {
                return -1;
            }

            _table[Key] = (current.State + 1m, current.Version + 1);
            return current.Version + 1;
        }
    }

    [Benchmark(Description = "VersionedLedger Read + TryUpdate")]
    public long Ledger()
    {
        var read = _ledger.Read(Key);
        return _ledger.TryUpdate(Key, read.Version, static s => LedgerDecision<decimal>.Commit(s + 1m)).Version;
    }
}

/// <summary>One durable update: the record is on disk (fsync) before the call returns.</summary>
[MemoryDiagnoser]
public class JournaledLedgerBenchmarks
{
    private const string Key = "account-42";
    private readonly object _sync = new();
    private string _directory = null!;
    private FileStream _file = null!;
    private BinaryWriter _writer = null!;
    private decimal _state;
    private long _version;
    private VersionedLedger<string, decimal> _ledger = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "guarded-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _file = new FileStream(Path.Combine(_directory, "baseline.log"), FileMode.Create, FileAccess.Write, FileShare.None, 1);
        _writer = new BinaryWriter(_file);
        _ledger = VersionedLedger.Open(Path.Combine(_directory, "ledger.journal"), LedgerCodec.ForPrimitives<string, decimal>());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.Dispose();
        _writer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "lock + BinaryWriter + Flush(true)")]
    public long LockBased()
    {
        lock (_sync)
        {
            _state += 1m;
            _version++;
            _writer.Write(Key);
            _writer.Write(_version);
            _writer.Write(_state);
            _writer.Flush();
            _file.Flush(flushToDisk: true);
            return _version;
        }
    }

    [Benchmark(Description = "Journaled VersionedLedger Read + TryUpdate")]
    public long Ledger()
    {
        var read = _ledger.Read(Key);
        return _ledger.TryUpdate(Key, read.Version, static s => LedgerDecision<decimal>.Commit(s + 1m)).Version;
    }
}
