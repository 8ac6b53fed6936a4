// case: a rate table stores, on a miss, a rate that comes from the caller rather than from the key: two callers store different rates
using System.Collections.Concurrent;

public sealed class RateTable
{
    private readonly ConcurrentDictionary<string, decimal> _rates = new ConcurrentDictionary<string, decimal>();

    public decimal RateFor(string currency, decimal quoted)
    {
        if (!_rates.TryGetValue(currency, out var rate)) // expect: GRD102
        {
            rate = quoted;
            _rates[currency] = rate;
        }

        return rate;
    }
}
