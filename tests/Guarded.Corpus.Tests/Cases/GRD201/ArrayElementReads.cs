// case: an array of handlers grown and filled under a lock is read element by element without it: each element is a whole value
// quiet
using System;
using System.Collections.Generic;

public sealed class HandlerSlots
{
    private readonly object _gate = new object();
    private Action?[] _handlers = new Action?[8];

    public Action? Get(int slot) => slot < _handlers.Length ? _handlers[slot] : null;

    public IEnumerable<Action> All()
    {
        foreach (var handler in _handlers)
        {
            if (handler != null)
            {
                yield return handler;
            }
        }
    }

    public void Set(int slot, Action handler)
    {
        lock (_gate)
        {
            if (slot >= _handlers.Length)
            {
                Array.Resize(ref _handlers, slot * 2);
            }

            _handlers[slot] = handler;
        }
    }
}
