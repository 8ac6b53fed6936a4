// case: subscribers snapshotted under the lock and notified outside it
// quiet
using System;
using System.Collections.Generic;
using System.Linq;

public sealed class SafeNotifier
{
    private readonly object _gate = new object();
    private readonly List<Action<string>> _subscribers = new List<Action<string>>();

    public void Subscribe(Action<string> subscriber)
    {
        lock (_gate)
        {
            _subscribers.Add(subscriber);
        }
    }

    public void Publish(string message)
    {
        List<Action<string>> snapshot;
        lock (_gate)
        {
            snapshot = _subscribers.ToList();
        }

        foreach (var subscriber in snapshot)
        {
            subscriber(message);
        }
    }
}
