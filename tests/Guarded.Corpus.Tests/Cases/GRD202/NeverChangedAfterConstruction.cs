// case: allow-list filled in the constructor and only enumerated afterwards
// quiet
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

public sealed class AllowList
{
    private readonly List<string> _hosts;

    public AllowList(IEnumerable<string> hosts)
    {
        _hosts = new List<string>(hosts);
    }

    public Task<bool> IsAllowedAsync(string host) => Task.Run(() => _hosts.Any(h => h == host));
}
