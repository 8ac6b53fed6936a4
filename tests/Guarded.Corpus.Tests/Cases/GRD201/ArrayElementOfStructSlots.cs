// case: an element of an array of wide structs is read without the lock that writes it: the reader can see half of one value and half of another
using System;

public sealed class DeadlineSlots
{
    private readonly object _gate = new object();
    private readonly DateTimeOffset[] _deadlines = new DateTimeOffset[8];

    public DateTimeOffset Get(int slot) => _deadlines[slot]; // expect: GRD201

    public void Set(int slot, DateTimeOffset deadline)
    {
        lock (_gate)
        {
            _deadlines[slot] = deadline;
        }
    }
}
