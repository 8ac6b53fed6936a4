// case: [GuardedBy] field initialised in the constructor without the lock
// quiet
using System.Collections.Generic;
using Guarded;

public sealed class Seats
{
    private readonly object _gate = new object();

    [GuardedBy(nameof(_gate))]
    private readonly HashSet<string> _free;

    public Seats(IEnumerable<string> seats)
    {
        _free = new HashSet<string>(seats);
        _free.Remove("1A");
    }

    public bool Book(string seat)
    {
        lock (_gate)
        {
            return _free.Remove(seat);
        }
    }
}
