// case: peak connection count published with Volatile, set only under the lock
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class ConnectionSet
{
    private readonly object _gate = new object();
    private readonly HashSet<int> _connections = new HashSet<int>();
    private int _peak;

    public void Add(int id)
    {
        lock (_gate)
        {
            _connections.Add(id);
            Volatile.Write(ref _peak, System.Math.Max(_peak, _connections.Count));
        }
    }

    public int Peak => Volatile.Read(ref _peak);
}
