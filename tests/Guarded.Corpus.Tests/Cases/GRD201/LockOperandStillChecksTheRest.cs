// case: the collection is its own lock, and one member still reads it without taking it
using System.Collections.Generic;
using System.Linq;

public class SubscriberList
{
    private readonly List<string> _subscribers = new List<string>();

    public void Add(string subscriber)
    {
        lock (_subscribers)
        {
            _subscribers.Add(subscriber);
        }
    }

    public string? First()
    {
        return _subscribers.Count == 0 ? null : _subscribers[0]; // expect: GRD201
    }
}
