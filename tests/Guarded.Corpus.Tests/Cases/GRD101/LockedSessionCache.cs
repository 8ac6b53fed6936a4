// case: session cache whose get-or-create holds the lock across check and act
// quiet
using System.Collections.Generic;

public sealed class LockedSessionCache
{
    private readonly object _sync = new object();
    private readonly Dictionary<string, string> _sessions = new Dictionary<string, string>();

    public string Get(string id)
    {
        lock (_sync)
        {
            if (!_sessions.TryGetValue(id, out var session))
            {
                session = "session:" + id;
                _sessions[id] = session;
            }

            return session;
        }
    }

    public void Evict(string id)
    {
        lock (_sync)
        {
            _sessions.Remove(id);
        }
    }
}
