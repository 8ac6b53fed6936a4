using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BitFaster.Caching.Lru;
using Guarded;
using Microsoft.Extensions.Caching.Memory;
using ZiggyCreatures.Caching.Fusion;

namespace Guarded.Benchmarks;

/// <summary>
/// The cache hit path, single-threaded: lookups of keys that are already cached (16 distinct keys per invocation, reported
/// per lookup). Target: DoubleCheckedCache.GetOrAdd within 1.2x of ConcurrentDictionary.TryGetValue, 0 bytes allocated;
/// the TrackHits row records what an exact hit count costs on top.
/// </summary>
[MemoryDiagnoser]
public class CacheHitBenchmarks
{
    private const int Batch = 16;
    private static readonly string[] FusionKeys = new string[Batch];
    private static readonly Func<int, string> Factory = static k => "value-" + k;
    private static readonly Func<int, CancellationToken, Task<string>> AsyncFactory = static (k, _) => Task.FromResult("value-" + k);

    private readonly ConcurrentDictionary<int, string> _dictionary = new();
    private readonly ConcurrentDictionary<int, Lazy<string>> _lazies = new();
    private readonly DoubleCheckedCache<int, string> _cache = new();
    private readonly DoubleCheckedCache<int, string> _countingCache = new(new DoubleCheckedCacheOptions<int> { TrackHits = true });
    private readonly MemoryCache _memoryCache = new(new MemoryCacheOptions());
    private readonly FusionCache _fusionCache = new(new FusionCacheOptions());
    private readonly ConcurrentLru<int, string> _lru = new(1024);
    private Func<int, Lazy<string>> _lazyFactory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _lazyFactory = static k => new Lazy<string>(() => "value-" + k, LazyThreadSafetyMode.ExecutionAndPublication);
        for (int k = 0; k < 100; k++)
        {
            _dictionary[k] = "value-" + k;
            _lazies.GetOrAdd(k, _lazyFactory).Value.ToString();
            _cache.GetOrAdd(k, Factory);
            _countingCache.GetOrAdd(k, Factory);
            _memoryCache.Set(k, "value-" + k);
            _fusionCache.Set("k" + k, "value-" + k);
            _lru.GetOrAdd(k, Factory);
        }

        for (int i = 0; i < Batch; i++)
        {
            FusionKeys[i] = "k" + i;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memoryCache.Dispose();
        _fusionCache.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "ConcurrentDictionary.TryGetValue")]
    public int ConcurrentDictionaryTryGetValue()
    {
        int found = 0;
        for (int key = 0; key < Batch; key++)
        {
            found += _dictionary.TryGetValue(key, out var value) ? value.Length : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "DoubleCheckedCache.GetOrAdd")]
    public int DoubleCheckedCacheGetOrAdd()
    {
        int found = 0;
        for (int key = 0; key < Batch; key++)
        {
            found += _cache.GetOrAdd(key, Factory).Length;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "DoubleCheckedCache.GetOrAdd, TrackHits = true")]
    public int CountingCacheGetOrAdd()
    {
        int found = 0;
        for (int key = 0; key < Batch; key++)
        {
            found += _countingCache.GetOrAdd(key, Factory).Length;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "DoubleCheckedCache.GetOrAddAsync")]
    public int DoubleCheckedCacheGetOrAddAsync()
    {
        int found = 0;
        for (int key = 0; key < Batch; key++)
        {
            found += _cache.GetOrAddAsync(key, AsyncFactory).Result.Length;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "DoubleCheckedCache.TryGet")]
    public int DoubleCheckedCacheTryGet()
    {
        int found = 0;
        for (int key = 0; key < Batch; key++)
        {
            found += _cache.TryGet(key, out var value) ? value.Length : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "ConcurrentDictionary<K, Lazy<V>>.GetOrAdd")]
    public int LazyGetOrAdd()
    {
        int found = 0;
        for (int key = 0; key < Batch; key++)
        {
            found += _lazies.GetOrAdd(key, _lazyFactory).Value.Length;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "MemoryCache.TryGetValue")]
    public int MemoryCacheTryGetValue()
    {
        int found = 0;
        for (int key = 0; key < Batch; key++)
        {
            found += _memoryCache.TryGetValue(key, out object? value) ? ((string)value!).Length : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "FusionCache.TryGet")]
    public int FusionCacheTryGet()
    {
        int found = 0;
        for (int key = 0; key < Batch; key++)
        {
            found += _fusionCache.TryGet<string>(FusionKeys[key]).GetValueOrDefault(string.Empty).Length;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "BitFaster ConcurrentLru.GetOrAdd")]
    public int BitFasterGetOrAdd()
    {
        int found = 0;
        for (int key = 0; key < Batch; key++)
        {
            found += _lru.GetOrAdd(key, Factory).Length;
        }

        return found;
    }
}

/// <summary>The same hit path with string keys (hashing dominates, as in most real caches); 16 keys per invocation.</summary>
[MemoryDiagnoser]
public class CacheHitStringKeyBenchmarks
{
    private const int Batch = 16;
    private static readonly Func<string, string> Factory = static k => "value-" + k;
    private readonly ConcurrentDictionary<string, string> _dictionary = new();
    private readonly DoubleCheckedCache<string, string> _cache = new();
    private readonly DoubleCheckedCache<string, string> _countingCache = new(new DoubleCheckedCacheOptions<string> { TrackHits = true });
    private readonly string[] _keys = new string[Batch];

    [GlobalSetup]
    public void Setup()
    {
        for (int k = 0; k < 100; k++)
        {
            string key = "session:" + k.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
            _dictionary[key] = "value";
            _cache.GetOrAdd(key, Factory);
            _countingCache.GetOrAdd(key, Factory);
        }

        for (int i = 0; i < Batch; i++)
        {
            // Distinct instances: no reference-equality shortcut in the comparer.
            _keys[i] = new string(("session:" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)).AsSpan());
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "ConcurrentDictionary.TryGetValue")]
    public int ConcurrentDictionaryTryGetValue()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            found += _dictionary.TryGetValue(key, out var value) ? value.Length : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "DoubleCheckedCache.GetOrAdd")]
    public int DoubleCheckedCacheGetOrAdd()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            found += _cache.GetOrAdd(key, Factory).Length;
        }

        return found;
    }

    /// <summary>The same lookup and state check as a GetOrAdd hit, without the exact hit count (TryGet does not count).</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "DoubleCheckedCache.GetOrAdd, TrackHits = true")]
    public int CountingCacheGetOrAdd()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            found += _countingCache.GetOrAdd(key, Factory).Length;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "DoubleCheckedCache.TryGet")]
    public int DoubleCheckedCacheTryGet()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            found += _cache.TryGet(key, out var value) ? value.Length : 0;
        }

        return found;
    }
}
