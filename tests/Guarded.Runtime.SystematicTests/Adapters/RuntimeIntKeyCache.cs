using System;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Runtime.SystematicTests.Adapters;

/// <summary>
/// The real <see cref="DoubleCheckedCache{TKey, TValue}"/> with <see cref="int"/> keys behind
/// <see cref="ICacheUnderTest"/>: value-type keys take the cache's own lock-free value table rather than the
/// <c>ConcurrentDictionary</c> that string keys use, so the scenarios cover both. Each string key maps to a fixed int.
/// </summary>
internal sealed class RuntimeIntKeyCache : ICacheUnderTest
{
    private readonly DoubleCheckedCache<int, int> _cache = new();

    public int GetOrAdd(string key, Func<string, int> factory) =>
        _cache.GetOrAdd(Id(key), static (_, call) => call.factory(call.key), (factory, key));

    public Task<int> GetOrAddAsync(string key, Func<string, CancellationToken, Task<int>> factory, CancellationToken cancellationToken) =>
        _cache.GetOrAddAsync(Id(key), (_, token) => factory(key, token), cancellationToken).AsTask();

    public bool TryGet(string key, out int value) => _cache.TryGet(Id(key), out value);

    public void Invalidate(string key) => _cache.Invalidate(Id(key));

    /// <summary>A deterministic ordinal hash (string hashing is randomized per process).</summary>
    private static int Id(string key)
    {
        int id = 17;
        foreach (char c in key)
        {
            id = unchecked((id * 31) + c);
        }

        return id;
    }
}
