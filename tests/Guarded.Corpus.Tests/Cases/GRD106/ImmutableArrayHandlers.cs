// case: shutdown handlers kept in an ImmutableArray, registered from any thread
using System;
using System.Collections.Immutable;
using System.Threading;

public sealed class ShutdownHooks
{
    private ImmutableArray<Action> _handlers = ImmutableArray<Action>.Empty;
    private int _fired;

    public void Register(Action handler)
    {
        _handlers = _handlers.Add(handler); // expect: GRD106
    }

    public void Fire()
    {
        if (Interlocked.Exchange(ref _fired, 1) == 0)
        {
            foreach (var handler in _handlers)
            {
                handler();
            }
        }
    }
}
