// case: Monitor.Enter with try/finally and a do-while re-check; a pulse from a lambda run in place under the lock
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class BatchGate
{
    private readonly object _gate = new object();
    private readonly List<int> _pending = new List<int>();
    private int _flushed;

    public void WaitFlushed(int target)
    {
        Monitor.Enter(_gate);
        try
        {
            do
            {
                Monitor.Wait(_gate, 250);
            }
            while (_flushed < target);
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    public void Flush(List<int> batch)
    {
        lock (_gate)
        {
            _pending.AddRange(batch);
            _flushed += _pending.Count;
            _pending.Clear();
            batch.ForEach(_ => Monitor.Pulse(_gate));
        }
    }
}
