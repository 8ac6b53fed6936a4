// case: an array grown under a lock has an element cleared without it: a resize in between copies the old element back
using System;

public sealed class ListenerSlots
{
    private readonly object _gate = new object();
    private Action?[] _listeners = new Action?[8];

    public void Clear(int slot)
    {
        _listeners[slot] = null; // expect: GRD201
    }

    public void Set(int slot, Action listener)
    {
        lock (_gate)
        {
            if (slot >= _listeners.Length)
            {
                Array.Resize(ref _listeners, slot * 2);
            }

            _listeners[slot] = listener;
        }
    }
}
