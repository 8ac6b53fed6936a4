// case: subscribers enumerated outside the lock their Subscribe takes
using System;
using System.Collections.Generic;

public sealed class Notifier
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
        // Tell everyone.
        foreach (var subscriber in _subscribers) // expect: GRD202
        {
            subscriber(message);
        }
    }
}
