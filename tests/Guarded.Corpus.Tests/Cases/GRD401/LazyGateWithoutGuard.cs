// case: the lock object is created on first use with no guard: two first callers can each lock their own new object
using System.Collections.Generic;

public sealed class SessionTracker
{
    private object? _gate;
    private readonly HashSet<string> _open = new HashSet<string>();

    public void Open(string id)
    {
        if (_gate == null) // expect: GRD103
        {
            _gate = new object();
        }

        lock (_gate) // expect: GRD401
        {
            _open.Add(id);
        }
    }

    public bool IsOpen(string id)
    {
        lock (_gate!) // expect: GRD401
        {
            return _open.Contains(id);
        }
    }
}
