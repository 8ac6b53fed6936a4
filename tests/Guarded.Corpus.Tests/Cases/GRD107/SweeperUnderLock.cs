// case: idle tenant locks swept under the registry lock while they may be held
using System.Collections.Generic;
using System.Linq;
using System.Threading;

public sealed class TenantLocks
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, SemaphoreSlim> _locks = new Dictionary<string, SemaphoreSlim>();

    public SemaphoreSlim For(string tenant)
    {
        lock (_gate)
        {
            if (!_locks.TryGetValue(tenant, out var gate))
            {
                gate = new SemaphoreSlim(1, 1);
                _locks[tenant] = gate;
            }

            return gate;
        }
    }

    public void Sweep()
    {
        lock (_gate)
        {
            foreach (var tenant in _locks.Where(p => p.Value.CurrentCount == 1).Select(p => p.Key).ToList())
            {
                _locks.Remove(tenant); // expect: GRD107
            }
        }
    }
}
