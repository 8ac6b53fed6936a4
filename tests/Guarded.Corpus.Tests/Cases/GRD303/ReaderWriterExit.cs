// case: write lock released without a finally
using System.Collections.Generic;
using System.Threading;

public sealed class Inventory
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private readonly Dictionary<string, int> _stock = new Dictionary<string, int>();

    public void Restock(string sku, int quantity)
    {
        _lock.EnterWriteLock();
        _stock[sku] = quantity;
        _lock.ExitWriteLock(); // expect: GRD303
    }

    public int Count(string sku)
    {
        _lock.EnterReadLock();
        try
        {
            return _stock.GetValueOrDefault(sku);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
