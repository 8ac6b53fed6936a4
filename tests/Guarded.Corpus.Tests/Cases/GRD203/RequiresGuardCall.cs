// case: [RequiresGuard] flush helper called without the lock
using System.Collections.Generic;
using Guarded;

public sealed class BatchWriter
{
    private readonly object _gate = new object();

    [GuardedBy(nameof(_gate))]
    private readonly List<string> _pending = new List<string>();

    public void Write(string line)
    {
        lock (_gate)
        {
            _pending.Add(line);
            FlushIfFull();
        }
    }

    public void Shutdown()
    {
        FlushIfFull(); // expect: GRD203
    }

    [RequiresGuard(nameof(_gate))]
    private void FlushIfFull()
    {
        if (_pending.Count > 100)
        {
            _pending.Clear();
        }
    }
}
