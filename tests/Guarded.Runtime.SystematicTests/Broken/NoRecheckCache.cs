using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.OneFactoryRunPerKey"/>: checks the cache, takes the lock, and runs the
/// factory without checking again under the lock. Two callers that miss together both load, one after the other.
/// </summary>
internal sealed class NoRecheckCache : ICacheUnderTest
{
    private readonly ConcurrentDictionary<string, int> _values = new();
    private readonly object _gate = new();
    private readonly SemaphoreSlim _asyncGate = new(1, 1);

    public int GetOrAdd(string key, Func<string, int> factory)
    {
        if (_values.TryGetValue(key, out int value))
        {
            return value;
        }

        lock (_gate)
        {
            // BUG: no second TryGetValue here.
            value = factory(key);
            _values[key] = value;
            return value;
        }
    }

    public async Task<int> GetOrAddAsync(string key, Func<string, CancellationToken, Task<int>> factory, CancellationToken cancellationToken)
    {
        if (_values.TryGetValue(key, out int value))
        {
            return value;
        }

        await _asyncGate.WaitAsync(cancellationToken);
        try
        {
            // BUG: no second TryGetValue here.
            value = await factory(key, cancellationToken);
            _values[key] = value;
            return value;
        }
        finally
        {
            _asyncGate.Release();
        }
    }

    public bool TryGet(string key, out int value) => _values.TryGetValue(key, out value);

    public void Invalidate(string key) => _values.TryRemove(key, out _);
}
