// case: a depth counter updated under the lock and read alone without it: the reader sees an old or a new count, never a broken one (stale read)
// quiet
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

    public int Depth => _depth;
}
