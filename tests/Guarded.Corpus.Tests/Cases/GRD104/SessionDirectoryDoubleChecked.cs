// case: session directory double-checks TryGetValue around a lock before creating the session
using System.Collections.Generic;

public sealed class SessionDirectory
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, WorkflowSession> _sessions = new Dictionary<string, WorkflowSession>();

    public WorkflowSession Get(string id)
    {
        WorkflowSession? session;
        if (!_sessions.TryGetValue(id, out session)) // expect: GRD104
        {
            lock (_gate)
            {
                if (!_sessions.TryGetValue(id, out session))
                {
                    session = new WorkflowSession(id);
                    _sessions[id] = session;
                }
            }
        }

        return session;
    }

    public void End(string id)
    {
        lock (_gate)
        {
            _sessions.Remove(id);
        }
    }
}

public sealed class WorkflowSession
{
    public WorkflowSession(string id) => Id = id;

    public string Id { get; }
}
