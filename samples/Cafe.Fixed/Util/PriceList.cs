namespace Cafe.Util;

/// <summary>
/// Current prices, shared by every till. The constructor runs before the instance is published, so it fills
/// the table without the lock; everything afterwards takes it.
/// </summary>
public sealed class PriceList
{
    private readonly Dictionary<string, decimal> _prices = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _gate = new();

    /// <summary>Creates the list from <paramref name="items"/>; the first price listed for a name wins.</summary>
    public PriceList(IEnumerable<MenuItem> items)
    {
        foreach (MenuItem item in items)
        {
            if (!_prices.ContainsKey(item.Name))
            {
                _prices.Add(item.Name, item.Price);
            }
        }
    }

    /// <summary>Looks up the price of <paramref name="name"/>.</summary>
    public bool TryGetPrice(string name, out decimal price)
    {
        lock (_gate)
        {
            return _prices.TryGetValue(name, out price);
        }
    }

    /// <summary>Sets the price of <paramref name="name"/>, returning the previous one if there was any.</summary>
    public decimal? SetPrice(string name, decimal price)
    {
        lock (_gate)
        {
            decimal? previous = _prices.TryGetValue(name, out decimal old) ? old : null;
            _prices[name] = price;
            return previous;
        }
    }
}
