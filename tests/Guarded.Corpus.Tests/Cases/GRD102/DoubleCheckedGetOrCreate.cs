// case: an unlocked TryGetValue fast path, then the lock, a second TryGetValue and the store: the store depends on the re-check
// quiet
using System.Collections.Concurrent;

public sealed class SubscriptionTable
{
    private readonly object _gate = new object();
    private readonly ConcurrentDictionary<string, object> _subscriptions = new ConcurrentDictionary<string, object>();

    public object For(string topic)
    {
        if (_subscriptions.TryGetValue(topic, out var existing))
        {
            return existing;
        }

        lock (_gate)
        {
            if (_subscriptions.TryGetValue(topic, out existing))
            {
                return existing;
            }

            var created = new object();
            _subscriptions[topic] = created;
            return created;
        }
    }
}
