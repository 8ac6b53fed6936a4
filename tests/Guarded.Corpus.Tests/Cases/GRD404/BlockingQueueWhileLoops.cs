// case: producer/consumer queue that re-checks in while loops under the lock
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class OrderQueue
{
    private readonly object _gate = new object();
    private readonly Queue<string> _orders = new Queue<string>();
    private readonly int _capacity = 64;

    public void Enqueue(string order)
    {
        lock (_gate)
        {
            while (_orders.Count >= _capacity)
            {
                Monitor.Wait(_gate);
            }

            _orders.Enqueue(order);
            Monitor.PulseAll(_gate);
        }
    }

    public string Dequeue()
    {
        lock (_gate)
        {
            while (_orders.Count == 0)
            {
                Monitor.Wait(_gate);
            }

            var order = _orders.Dequeue();
            Monitor.PulseAll(_gate);
            return order;
        }
    }
}
