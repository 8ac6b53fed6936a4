// case: handlers are kept in a copy-on-write list: subscribing builds a new list under the lock, raising enumerates the snapshot
// quiet
using System;
using System.Collections.Generic;

public sealed class EventHub
{
    private readonly object _gate = new object();
    private volatile List<Action<string>> _handlers = new List<Action<string>>();

    public void Subscribe(Action<string> handler)
    {
        lock (_gate)
        {
            _handlers = new List<Action<string>>(_handlers) { handler };
        }
    }

    public void Publish(string message)
    {
        foreach (var handler in _handlers)
        {
            handler(message);
        }
    }
}
