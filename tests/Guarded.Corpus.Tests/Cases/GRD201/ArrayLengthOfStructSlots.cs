// case: the length of an array of wide structs is checked without the lock that grows it: the length is one whole value even when an element is not
// quiet
using System;

public sealed class TimestampSlots
{
    private readonly object _gate = new object();
    private DateTimeOffset[] _stamps = new DateTimeOffset[8];

    public bool Knows(int slot) => slot < _stamps.Length;

    public DateTimeOffset Get(int slot)
    {
        lock (_gate)
        {
            return _stamps[slot];
        }
    }

    public void Set(int slot, DateTimeOffset stamp)
    {
        lock (_gate)
        {
            if (slot >= _stamps.Length)
            {
                Array.Resize(ref _stamps, slot * 2);
            }

            _stamps[slot] = stamp;
        }
    }
}
