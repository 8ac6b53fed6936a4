// case: rate limiter uses GetOrAdd and AddOrUpdate
// quiet
using System;
using System.Collections.Concurrent;

public sealed class RateLimiter
{
    private readonly ConcurrentDictionary<string, int> _hits = new ConcurrentDictionary<string, int>();
    private readonly ConcurrentDictionary<string, DateTime> _windows = new ConcurrentDictionary<string, DateTime>();

    public bool Allow(string client, DateTime now, int limit)
    {
        var window = _windows.GetOrAdd(client, _ => now);
        if (now - window > TimeSpan.FromMinutes(1))
        {
            _windows[client] = now;
            _hits[client] = 0;
        }

        var count = _hits.AddOrUpdate(client, 1, (_, old) => old + 1);
        return count <= limit;
    }
}
