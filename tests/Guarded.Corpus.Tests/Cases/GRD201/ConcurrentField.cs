// case: concurrent dictionary replaced under a lock is itself thread-safe to read
// quiet
using System.Collections.Concurrent;

public sealed class PresenceMap
{
    private readonly object _gate = new object();
    private readonly ConcurrentDictionary<string, bool> _online = new ConcurrentDictionary<string, bool>();

    public void Reset()
    {
        lock (_gate)
        {
            _online.Clear();
        }
    }

    public void Mark(string user) => _online[user] = true;

    public bool IsOnline(string user) => _online.ContainsKey(user);
}
