// case: the lock object is replaced when the client reconnects, while other threads still lock the old one
using System.Collections.Generic;

public sealed class FeedClient
{
    private object _sync = new object();
    private readonly List<string> _pending = new List<string>();
    private int _connection;

    public void Enqueue(string message)
    {
        lock (_sync) // expect: GRD401
        {
            _pending.Add(message);
        }
    }

    public string[] Drain()
    {
        lock (_sync) // expect: GRD401
        {
            var drained = _pending.ToArray();
            _pending.Clear();
            return drained;
        }
    }

    public void Reconnect()
    {
        // A fresh connection gets a fresh lock.
        _sync = new object();
        _connection++;
    }
}
