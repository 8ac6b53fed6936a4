// case: a public work queue locks and waits on 'this', which any caller holding the queue can lock too
using System.Collections.Generic;
using System.Threading;

public sealed class WorkQueue
{
    private readonly Queue<string> _items = new Queue<string>();

    public void Post(string item)
    {
        lock (this) // expect: GRD402
        {
            _items.Enqueue(item);
            Monitor.Pulse(this);
        }
    }

    public string Take()
    {
        lock (this) // expect: GRD402
        {
            while (_items.Count == 0)
            {
                Monitor.Wait(this);
            }

            return _items.Dequeue();
        }
    }
}
