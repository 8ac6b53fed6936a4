// case: price cache loads on a miss and races with TryAdd
using System.Collections.Concurrent;

public sealed class PriceCache
{
    private static readonly ConcurrentDictionary<string, decimal> s_prices = new ConcurrentDictionary<string, decimal>();

    public static decimal PriceOf(string sku)
    {
        if (s_prices.TryGetValue(sku, out var price)) // expect: GRD102
        {
            return price;
        }

        price = Load(sku);
        s_prices.TryAdd(sku, price);
        return price;
    }

    private static decimal Load(string sku) => sku.Length * 1.5m;
}
