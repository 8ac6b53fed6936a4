// case: subscriber map updated with ImmutableInterlocked
// quiet
using System.Collections.Immutable;
using System.Threading;

public sealed class SafeSubscribers
{
    private ImmutableDictionary<string, int> _subscribers = ImmutableDictionary<string, int>.Empty;
    private int _version;

    public void Subscribe(string id, int priority)
    {
        ImmutableInterlocked.Update(ref _subscribers, s => s.SetItem(id, priority));
        Interlocked.Increment(ref _version);
    }

    public void Unsubscribe(string id) => ImmutableInterlocked.TryRemove(ref _subscribers, id, out _);
}
