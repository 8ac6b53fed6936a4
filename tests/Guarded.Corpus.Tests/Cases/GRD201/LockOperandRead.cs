// case: the dictionary is its own lock; reading it to take the lock is not an unguarded read
// quiet
using System.Collections.Generic;

public class PriceTable
{
    private readonly Dictionary<string, int> _prices = new Dictionary<string, int>();

    public void Clear()
    {
        lock (_prices)
        {
            _prices.Clear();
        }
    }

    public bool TryGet(string sku, out int price)
    {
        lock (_prices)
        {
            return _prices.TryGetValue(sku, out price);
        }
    }
}
