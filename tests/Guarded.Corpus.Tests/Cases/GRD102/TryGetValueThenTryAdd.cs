// case: price cache loads a price from the key alone on a miss and stores it with TryAdd: a memo, racers load equal prices (a second load costs time only)
// quiet
using System.Collections.Concurrent;

public sealed class PriceCache
{
    private static readonly ConcurrentDictionary<string, decimal> s_prices = new ConcurrentDictionary<string, decimal>();

    public static decimal PriceOf(string sku)
    {
        if (s_prices.TryGetValue(sku, out var price))
        {
            return price;
        }

        price = Load(sku);
        s_prices.TryAdd(sku, price);
        return price;
    }

    private static decimal Load(string sku) => sku.Length * 1.5m;
}
