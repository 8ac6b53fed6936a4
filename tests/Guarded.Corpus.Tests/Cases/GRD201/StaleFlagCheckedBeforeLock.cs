// case: a "full" flag read without the lock decides whether to enqueue under it: the check and the act must share the lock
using System.Collections.Generic;

public sealed class BoundedInbox
{
    private readonly object _gate = new object();
    private readonly Queue<string> _messages = new Queue<string>();
    private bool _full;

    public bool TryPost(string message)
    {
        if (_full) // expect: GRD201
        {
            return false;
        }

        lock (_gate)
        {
            _messages.Enqueue(message);
            _full = _messages.Count >= 100;
            return true;
        }
    }

    public string? Take()
    {
        lock (_gate)
        {
            if (_messages.Count == 0)
            {
                return null;
            }

            _full = false;
            return _messages.Dequeue();
        }
    }
}
