// case: an internal helper that one caller in another type reaches without the owner's lock
using System.Collections.Generic;

internal sealed class QueuedWrites
{
    private readonly object _swapGate = new object();
    private List<string> _items = new List<string>();

    internal void Append(string item) => _items.Add(item); // expect: GRD201

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

public sealed class WriteBehindLog
{
    private readonly object _gate = new object();
    private readonly QueuedWrites _writes = new QueuedWrites();

    public void Write(string line)
    {
        lock (_gate)
        {
            _writes.Append(line);
        }
    }

    public void WriteUrgent(string line) => _writes.Append(line);

    public List<string> Drain()
    {
        lock (_gate)
        {
            return _writes.Swap();
        }
    }
}
