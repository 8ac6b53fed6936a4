// case: lazy catalog with LazyInitializer.EnsureInitialized
// quiet
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class SafeCatalog
{
    private Dictionary<string, decimal>? _prices;

    public Task Refresh() => Task.Run(() => Prices());

    public Dictionary<string, decimal> Prices() =>
        LazyInitializer.EnsureInitialized(ref _prices, () => new Dictionary<string, decimal> { ["tea"] = 2.5m });
}
