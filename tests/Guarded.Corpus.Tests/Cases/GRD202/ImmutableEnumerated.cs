// case: immutable list swapped under the lock and enumerated lock-free
// quiet
using System.Collections.Immutable;

public sealed class Watchers
{
    private readonly object _gate = new object();
    private ImmutableList<string> _watchers = ImmutableList<string>.Empty;

    public void Watch(string id)
    {
        lock (_gate)
        {
            _watchers = _watchers.Add(id);
        }
    }

    public int CountActive()
    {
        var count = 0;
        foreach (var watcher in _watchers)
        {
            if (watcher.Length > 0)
            {
                count++;
            }
        }

        return count;
    }
}
