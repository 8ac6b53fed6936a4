// case: fixed set of per-region locks built in the constructor, only read afterwards
// quiet
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class RegionLocks
{
    private readonly Dictionary<string, SemaphoreSlim> _locks = new Dictionary<string, SemaphoreSlim>();

    public RegionLocks(IEnumerable<string> regions)
    {
        foreach (var region in regions)
        {
            if (!_locks.ContainsKey(region))
            {
                _locks[region] = new SemaphoreSlim(1, 1);
            }
        }
    }

    public async Task DeployAsync(string region)
    {
        var gate = _locks[region];
        await gate.WaitAsync();
        try
        {
            await Task.Delay(10);
        }
        finally
        {
            gate.Release();
        }
    }
}
