// case: queue depth counter written under the lock, read by a property
using System.Collections.Generic;

public sealed class WorkQueue
{
    private readonly object _gate = new object();
    private readonly Queue<string> _items = new Queue<string>();
    private int _depth;

    public void Enqueue(string item)
    {
        lock (_gate)
        {
            _items.Enqueue(item);
            _depth = _items.Count;
        }
    }

    public int Depth => _depth; // expect: GRD201
}
