// case: catalog loads its price list on first use from a background refresh
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class Catalog
{
    private Dictionary<string, decimal>? _prices;

    public Task Refresh() => Task.Run(() => Prices());

    public Dictionary<string, decimal> Prices()
    {
        // Loaded on first use.
        if (_prices == null) // expect: GRD103
        {
            _prices = Load();
        }

        return _prices;
    }

    private static Dictionary<string, decimal> Load() => new Dictionary<string, decimal> { ["tea"] = 2.5m };
}
