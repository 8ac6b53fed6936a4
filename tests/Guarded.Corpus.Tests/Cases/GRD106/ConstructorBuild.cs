// case: immutable lookup assembled in the constructor of a concurrent type
// quiet
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;

public sealed class CurrencyTable
{
    private ImmutableDictionary<string, decimal> _rates = ImmutableDictionary<string, decimal>.Empty;

    public CurrencyTable(IEnumerable<KeyValuePair<string, decimal>> rates)
    {
        foreach (var rate in rates)
        {
            _rates = _rates.SetItem(rate.Key, rate.Value);
        }
    }

    public Task<decimal> ConvertAsync(string currency, decimal amount) => Task.Run(() => _rates[currency] * amount);
}
