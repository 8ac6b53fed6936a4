// case: a cache finds an expired entry and removes it by key, ignoring TryRemove's result: another reader removed it first (the out value is null) or a fresh entry replaced it and is removed instead
using System;
using System.Collections.Concurrent;

public sealed class ExpiringCache
{
    private readonly ConcurrentDictionary<string, CachedValue> _items = new ConcurrentDictionary<string, CachedValue>();

    public void Put(string key, string value, TimeSpan lifetime) => _items[key] = new CachedValue(value, DateTime.UtcNow + lifetime);

    public string? Get(string key)
    {
        if (_items.TryGetValue(key, out var item)) // expect: GRD102
        {
            if (item.Expires <= DateTime.UtcNow)
            {
                _items.TryRemove(key, out item);
                OnEvicted(item.Value);
                return null;
            }

            return item.Value;
        }

        return null;
    }

    private static void OnEvicted(string value) => Console.WriteLine("evicted " + value);
}

public sealed class CachedValue
{
    public CachedValue(string value, DateTime expires)
    {
        Value = value;
        Expires = expires;
    }

    public string Value { get; }

    public DateTime Expires { get; }
}
