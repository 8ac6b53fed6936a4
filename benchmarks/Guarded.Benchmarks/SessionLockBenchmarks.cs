using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Guarded;
using Nito.AsyncEx;

namespace Guarded.Benchmarks;

/// <summary>
/// Uncontended acquire + release of a per-key lock, 16 per invocation (figures are per acquire + release). Target:
/// SessionLocks.Acquire + Dispose within 2x of "lock + Dictionary lookup" (the baseline: a lock statement around a
/// Dictionary lookup of the key's lock object, same string key). The two "AsyncLocal write" rows isolate the cost of
/// SessionLocks' re-entry record (one AsyncLocal write per acquisition, see the README).
/// </summary>
[MemoryDiagnoser]
public class SessionLockBenchmarks
{
    private const int Batch = 16;
    private const string Key = "session-42";
    private static readonly AsyncLocal<object?> Flow = new();
    private readonly object _sync = new();
    private readonly Dictionary<string, object> _dictionary = new();
    private readonly ConcurrentDictionary<string, object> _monitors = new();
    private readonly ConcurrentDictionary<string, AsyncLock> _asyncLocks = new();
    private readonly SessionLocks<string> _sessionLocks = new();
    private readonly SessionLocks<string> _undetectedLocks = new(new SessionLocksOptions<string> { DetectReentry = false });
    private readonly object[] _records = { new(), new() };

    [GlobalSetup]
    public void Setup()
    {
        _dictionary[Key] = new object();
        _monitors[Key] = new object();
        _asyncLocks[Key] = new AsyncLock();
        _sessionLocks.Acquire(Key).Dispose();
        _undetectedLocks.Acquire(Key).Dispose();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sessionLocks.Dispose();
        _undetectedLocks.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "lock + Dictionary lookup")]
    public int LockAndDictionary()
    {
        int found = 0;
        for (int i = 0; i < Batch; i++)
        {
            lock (_sync)
            {
                found += _dictionary[Key] is null ? 0 : 1;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "ConcurrentDictionary lookup + lock (per-key Monitor)")]
    public void PerKeyMonitor()
    {
        for (int i = 0; i < Batch; i++)
        {
            lock (_monitors.GetOrAdd(Key, static _ => new object()))
            {
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "SessionLocks.Acquire + Dispose")]
    public void SessionLocksAcquire()
    {
        for (int i = 0; i < Batch; i++)
        {
            using (_sessionLocks.Acquire(Key))
            {
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "SessionLocks.AcquireAsync + Dispose")]
    public async Task SessionLocksAcquireAsync()
    {
        for (int i = 0; i < Batch; i++)
        {
            using (await _sessionLocks.AcquireAsync(Key))
            {
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "SessionLocks.Acquire + Dispose, DetectReentry = false")]
    public void UndetectedAcquire()
    {
        for (int i = 0; i < Batch; i++)
        {
            using (_undetectedLocks.Acquire(Key))
            {
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "SessionLocks.AcquireAsync + Dispose, DetectReentry = false")]
    public async Task UndetectedAcquireAsync()
    {
        for (int i = 0; i < Batch; i++)
        {
            using (await _undetectedLocks.AcquireAsync(Key))
            {
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Nito AsyncLock per key (LockAsync + Dispose)")]
    public async Task NitoAsyncLockPerKey()
    {
        for (int i = 0; i < Batch; i++)
        {
            using (await _asyncLocks.GetOrAdd(Key, static _ => new AsyncLock()).LockAsync())
            {
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "AsyncLocal write alone (the re-entry record)")]
    public void AsyncLocalWrite()
    {
        for (int i = 0; i < Batch; i++)
        {
            Flow.Value = _records[i & 1];
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "lock + Dictionary lookup + AsyncLocal write")]
    public int LockAndDictionaryWithFlowRecord()
    {
        int found = 0;
        for (int i = 0; i < Batch; i++)
        {
            lock (_sync)
            {
                found += _dictionary[Key] is null ? 0 : 1;
            }

            Flow.Value = _records[i & 1];
        }

        return found;
    }
}
