// case: check and store on a concurrent dictionary inside one lock
// quiet
using System.Collections.Concurrent;

public sealed class LeaseTable
{
    private readonly object _gate = new object();
    private readonly ConcurrentDictionary<string, string> _leases = new ConcurrentDictionary<string, string>();

    public bool TryLease(string resource, string owner)
    {
        lock (_gate)
        {
            if (_leases.ContainsKey(resource))
            {
                return false;
            }

            _leases[resource] = owner;
            return true;
        }
    }

    public void Release(string resource) => _leases.TryRemove(resource, out _);
}
