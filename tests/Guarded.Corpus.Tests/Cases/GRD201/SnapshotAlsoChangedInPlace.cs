// case: the table is swapped under the lock, but one member also changes it in place, so unlocked readers can see it mid-change
using System.Collections.Generic;

public sealed class PriceBook
{
    private readonly object _gate = new object();
    private Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();

    public void Reload(Dictionary<string, decimal> prices)
    {
        lock (_gate)
        {
            _prices = new Dictionary<string, decimal>(prices);
        }
    }

    public void Adjust(string sku, decimal price)
    {
        lock (_gate)
        {
            _prices[sku] = price;
        }
    }

    public decimal? Find(string sku) => _prices.TryGetValue(sku, out var price) ? price : null; // expect: GRD201
}
