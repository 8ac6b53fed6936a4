// case: whole try/finally runs inside the lock
// quiet
using System;
using System.Collections.Generic;

public sealed class Reservations
{
    private readonly object _gate = new object();
    private readonly HashSet<string> _holding = new HashSet<string>();

    public void Reserve(string seat, Action confirm)
    {
        lock (_gate)
        {
            _holding.Add(seat);
            try
            {
                confirm();
            }
            finally
            {
                _holding.Remove(seat);
            }
        }
    }
}
