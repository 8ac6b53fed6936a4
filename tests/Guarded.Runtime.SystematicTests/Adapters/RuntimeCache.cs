using System;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Runtime.SystematicTests.Adapters;

/// <summary>The real <see cref="DoubleCheckedCache{TKey, TValue}"/> behind <see cref="ICacheUnderTest"/>.</summary>
internal sealed class RuntimeCache : ICacheUnderTest
{
    private readonly DoubleCheckedCache<string, int> _cache = new();

    public int GetOrAdd(string key, Func<string, int> factory) => _cache.GetOrAdd(key, factory);

    public Task<int> GetOrAddAsync(string key, Func<string, CancellationToken, Task<int>> factory, CancellationToken cancellationToken) =>
        _cache.GetOrAddAsync(key, factory, cancellationToken).AsTask();

    public bool TryGet(string key, out int value) => _cache.TryGet(key, out value);

    public void Invalidate(string key) => _cache.Invalidate(key);
}
