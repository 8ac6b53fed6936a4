// case: the lock field is not readonly but only constructors and a private helper they call assign it
// quiet
using System.Collections.Generic;

public sealed class PriceBook
{
    private object _gate;
    private object _historyGate = new object();
    private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();
    private readonly List<string> _history = new List<string>();

    public PriceBook()
    {
        _gate = new object();
        ResetHistory();
    }

    public PriceBook(IEnumerable<KeyValuePair<string, decimal>> seed) : this()
    {
        foreach (var pair in seed)
        {
            _prices[pair.Key] = pair.Value;
        }
    }

    private void ResetHistory()
    {
        _historyGate = new object();
    }

    public void Set(string sku, decimal price)
    {
        lock (_gate)
        {
            _prices[sku] = price;
        }

        lock (_historyGate)
        {
            _history.Add(sku);
        }
    }
}
