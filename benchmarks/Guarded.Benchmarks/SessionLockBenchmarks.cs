using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Guarded;
using Nito.AsyncEx;

namespace Guarded.Benchmarks;

/// <summary>
/// One uncontended acquire + release of a per-key lock. Target: SessionLocks.Acquire + Dispose within 2x of
/// "lock + Dictionary lookup" (the baseline: a lock statement around a Dictionary lookup of the key's lock object).
/// </summary>
[MemoryDiagnoser]
public class SessionLockBenchmarks
{
    private const string Key = "session-42";
    private readonly object _sync = new();
    private readonly Dictionary<string, object> _dictionary = new();
    private readonly ConcurrentDictionary<string, object> _monitors = new();
    private readonly ConcurrentDictionary<string, AsyncLock> _asyncLocks = new();
    private readonly SessionLocks<string> _sessionLocks = new();

    [GlobalSetup]
    public void Setup()
    {
        _dictionary[Key] = new object();
        _monitors[Key] = new object();
        _asyncLocks[Key] = new AsyncLock();
        _sessionLocks.Acquire(Key).Dispose();
    }

    [GlobalCleanup]
    public void Cleanup() => _sessionLocks.Dispose();

    [Benchmark(Baseline = true, Description = "lock + Dictionary lookup")]
    public object LockAndDictionary()
    {
        lock (_sync)
        {
            return _dictionary[Key];
        }
    }

    [Benchmark(Description = "ConcurrentDictionary lookup + lock (per-key Monitor)")]
    public void PerKeyMonitor()
    {
        lock (_monitors.GetOrAdd(Key, static _ => new object()))
        {
        }
    }

    [Benchmark(Description = "SessionLocks.Acquire + Dispose")]
    public void SessionLocksAcquire()
    {
        using (_sessionLocks.Acquire(Key))
        {
        }
    }

    [Benchmark(Description = "SessionLocks.AcquireAsync + Dispose")]
    public async Task SessionLocksAcquireAsync()
    {
        using (await _sessionLocks.AcquireAsync(Key))
        {
        }
    }

    [Benchmark(Description = "Nito AsyncLock per key (LockAsync + Dispose)")]
    public async Task NitoAsyncLockPerKey()
    {
        using (await _asyncLocks.GetOrAdd(Key, static _ => new AsyncLock()).LockAsync())
        {
        }
    }
}
