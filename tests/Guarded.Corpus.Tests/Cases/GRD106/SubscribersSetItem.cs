// case: subscriber priorities replaced with SetItem, version bumped with Interlocked
using System.Collections.Immutable;
using System.Threading;

public sealed class Subscribers
{
    private ImmutableDictionary<string, int> _subscribers = ImmutableDictionary<string, int>.Empty;
    private int _version;

    public void Subscribe(string id, int priority)
    {
        _subscribers = _subscribers.SetItem(id, priority); // expect: GRD106
        Interlocked.Increment(ref _version);
    }
}
