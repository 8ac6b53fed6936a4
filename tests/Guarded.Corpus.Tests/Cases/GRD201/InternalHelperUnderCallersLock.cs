// case: a batch's internal helpers are only called by its owner, always under the owner's lock
// quiet
using System.Collections.Generic;

internal sealed class PendingBatch
{
    private readonly object _swapGate = new object();
    private List<string> _items = new List<string>();

    internal void Append(string item) => _items.Add(item);

    internal List<string> Swap()
    {
        lock (_swapGate)
        {
            var taken = _items;
            _items = new List<string>();
            return taken;
        }
    }
}

public sealed class Outbox
{
    private readonly object _gate = new object();
    private readonly PendingBatch _batch = new PendingBatch();

    public void Post(string message)
    {
        lock (_gate)
        {
            _batch.Append(message);
        }
    }

    public List<string> Drain()
    {
        lock (_gate)
        {
            return _batch.Swap();
        }
    }
}
