// case: extras created once under the lock on first need, then read without it by the members that use them
using System.Collections.Generic;

public sealed class ActorContext
{
    private ContextExtras? _extras;

    public void Watch(string pid) => EnsureExtras().Watchers.Add(pid);

    public int WatcherCount => _extras?.Watchers.Count ?? 0;

    public bool IsWatching(string pid) => _extras is { } extras && extras.Watchers.Contains(pid);

    private ContextExtras EnsureExtras()
    {
        if (_extras == null)
        {
            lock (this) // expect: GRD402
            {
                if (_extras == null)
                {
                    _extras = new ContextExtras();
                }
            }
        }

        return _extras;
    }
}

public sealed class ContextExtras
{
    public HashSet<string> Watchers { get; } = new HashSet<string>();
}
