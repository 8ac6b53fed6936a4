// case: open orders counted under a separate statistics lock
using System.Collections.Generic;

public sealed class Orders
{
    private readonly object _gate = new object();
    private readonly object _statsGate = new object();
    private readonly List<string> _open = new List<string>();

    public void Place(string id)
    {
        lock (_gate)
        {
            _open.Add(id);
        }
    }

    public void Complete(string id)
    {
        lock (_gate)
        {
            _open.Remove(id);
        }
    }

    public int OpenCount()
    {
        lock (_statsGate)
        {
            return _open.Count; // expect: GRD204
        }
    }
}
