// case: a synchronous cache that blocks on a fetch while it holds its lock
using System;
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class CurrencyRates
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, decimal> _rates = new Dictionary<string, decimal>();
    private readonly Func<string, Task<decimal>> _fetch;

    public CurrencyRates(Func<string, Task<decimal>> fetch) => _fetch = fetch;

    public decimal Rate(string currency)
    {
        lock (_gate)
        {
            if (!_rates.TryGetValue(currency, out var rate))
            {
                rate = _fetch(currency).Result; // expect: GRD405
                _rates[currency] = rate;
            }

            return rate;
        }
    }
}
