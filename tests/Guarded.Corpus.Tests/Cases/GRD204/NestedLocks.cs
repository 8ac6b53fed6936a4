// case: minority region holds the dominant lock too (nested locks)
// quiet
using System.Collections.Generic;

public sealed class Ledger
{
    private readonly object _gate = new object();
    private readonly object _auditGate = new object();
    private readonly List<decimal> _entries = new List<decimal>();

    public void Post(decimal amount)
    {
        lock (_gate)
        {
            _entries.Add(amount);
        }
    }

    public void Reverse()
    {
        lock (_gate)
        {
            _entries.RemoveAt(_entries.Count - 1);
        }
    }

    public int Audit()
    {
        lock (_auditGate)
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }
}
