// case: workflow session cache created on first use, evicted under the lock
using System.Collections.Generic;

public sealed class WorkflowSessionCache
{
    private readonly object _sync = new object();
    private readonly Dictionary<string, string> _sessions = new Dictionary<string, string>();

    public string Get(string id)
    {
        if (!_sessions.TryGetValue(id, out var session)) // expect: GRD101
        {
            session = "session:" + id;
            _sessions[id] = session;
        }

        return session;
    }

    public void Evict(string id)
    {
        lock (_sync)
        {
            _sessions.Remove(id);
        }
    }
}
