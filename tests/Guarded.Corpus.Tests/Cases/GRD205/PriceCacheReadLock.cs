// case: price cache fills misses and counts them inside a read lock
using System.Collections.Generic;
using System.Threading;

public sealed class PriceTable
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();
    private int _misses;

    public decimal Get(string item)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_prices.TryGetValue(item, out var price))
            {
                price = 1m;
                _prices[item] = price; // expect: GRD205
                _misses++; // expect: GRD205
            }

            return price;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
