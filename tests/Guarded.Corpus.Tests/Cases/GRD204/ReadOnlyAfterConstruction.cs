// case: field only read after construction, under whichever lock the caller holds
// quiet
using System.Collections.Generic;

public sealed class Pricing
{
    private readonly object _quoteLock = new object();
    private readonly object _orderLock = new object();
    private readonly Dictionary<string, decimal> _list;
    private int _quotes;
    private int _orders;

    public Pricing(Dictionary<string, decimal> list) => _list = list;

    public decimal Quote(string sku)
    {
        lock (_quoteLock)
        {
            _quotes++;
            return _list[sku];
        }
    }

    public decimal Order(string sku)
    {
        lock (_orderLock)
        {
            _orders++;
            return _list[sku];
        }
    }
}
