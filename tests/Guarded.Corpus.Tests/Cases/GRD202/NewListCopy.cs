// case: pending retries copied into a new list without the lock
using System.Collections.Generic;

public sealed class RetryQueue
{
    private readonly object _gate = new object();
    private readonly Queue<string> _pending = new Queue<string>();

    public void Schedule(string operation)
    {
        lock (_gate)
        {
            _pending.Enqueue(operation);
        }
    }

    public List<string> Peek()
    {
        var copy = new List<string>(_pending); // expect: GRD202
        return copy;
    }
}
