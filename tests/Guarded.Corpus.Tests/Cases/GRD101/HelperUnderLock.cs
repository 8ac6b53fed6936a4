// case: private helper with check-then-act only ever called while the lock is held
// quiet
using System.Collections.Generic;

public sealed class TenantQuota
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, int> _used = new Dictionary<string, int>();

    public void Consume(string tenant, int units)
    {
        lock (_gate)
        {
            Bump(tenant, units);
        }
    }

    public void Refund(string tenant, int units)
    {
        lock (_gate)
        {
            Bump(tenant, -units);
        }
    }

    private void Bump(string tenant, int delta)
    {
        if (_used.TryGetValue(tenant, out var current))
        {
            _used[tenant] = current + delta;
        }
        else
        {
            _used.Add(tenant, delta);
        }
    }
}
