// case: price cache fills misses inside a write section
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class WritePriceTable
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();

    public decimal Get(string item)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_prices.TryGetValue(item, out var price))
            {
                price = 1m;
                _prices[item] = price;
            }

            return price;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
