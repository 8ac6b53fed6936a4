// case: Dispose sets the lock field to null: later locks throw, they never split into two locks
// quiet
using System;
using System.Collections.Generic;

public sealed class Subscription : IDisposable
{
    private object? _gate = new object();
    private readonly List<Action> _handlers = new List<Action>();

    public void Add(Action handler)
    {
        lock (_gate!)
        {
            _handlers.Add(handler);
        }
    }

    public void Dispose()
    {
        _gate = null;
    }
}
