// case: results read from tasks that are already complete: awaited, after WhenAll, behind IsCompletedSuccessfully
// quiet
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class QuoteAggregator
{
    public async Task<decimal> BestAsync(IReadOnlyList<Task<decimal>> quotes)
    {
        await Task.WhenAll(quotes);
        var best = decimal.MaxValue;
        foreach (var quote in quotes)
        {
            if (quote.Result < best)
            {
                best = quote.Result;
            }
        }

        return best;
    }

    public async Task<decimal> FirstAsync(Task<decimal> primary)
    {
        await primary.ConfigureAwait(false);
        return primary.Result;
    }

    public async ValueTask<decimal> CachedAsync(ValueTask<decimal> pending)
    {
        return pending.IsCompletedSuccessfully ? pending.Result : await pending;
    }
}
