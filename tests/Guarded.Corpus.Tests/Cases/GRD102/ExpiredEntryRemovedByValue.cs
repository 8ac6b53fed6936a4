// case: a cache removes an expired entry only if it is still the one it checked (TryRemove with the key and value pair), and acts on the result
// quiet
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

public sealed class CheckedEvictionCache
{
    private readonly ConcurrentDictionary<string, (string Value, DateTime Expires)> _items = new ConcurrentDictionary<string, (string Value, DateTime Expires)>();

    public void Put(string key, string value, TimeSpan lifetime) => _items[key] = (value, DateTime.UtcNow + lifetime);

    public string? Get(string key)
    {
        if (!_items.TryGetValue(key, out var item))
        {
            return null;
        }

        if (item.Expires > DateTime.UtcNow)
        {
            return item.Value;
        }

        if (_items.TryRemove(new KeyValuePair<string, (string Value, DateTime Expires)>(key, item)))
        {
            Console.WriteLine("evicted " + item.Value);
        }

        return null;
    }
}
