// case: tenant keys searched with Any outside the lock
using System.Collections.Generic;
using System.Linq;

public sealed class TenantRegistry
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, int> _tenants = new Dictionary<string, int>();

    public void Add(string tenant, int plan)
    {
        lock (_gate)
        {
            _tenants[tenant] = plan;
        }
    }

    public bool AnyTrial() => _tenants.Keys.Any(k => k.StartsWith("trial-")); // expect: GRD202
}
