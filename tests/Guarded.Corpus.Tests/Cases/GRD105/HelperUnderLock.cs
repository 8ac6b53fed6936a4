// case: private helper increments a counter and is only called under the lock
// quiet
using System.Collections.Generic;

public sealed class InventoryLedger
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, int> _stock = new Dictionary<string, int>();
    private int _movements;

    public void Receive(string sku, int quantity)
    {
        lock (_gate)
        {
            _stock[sku] = quantity;
            CountMovement();
        }
    }

    public void Ship(string sku)
    {
        lock (_gate)
        {
            _stock.Remove(sku);
            CountMovement();
        }
    }

    private void CountMovement()
    {
        _movements++;
    }
}
