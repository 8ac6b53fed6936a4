// case: lock (this) in an internal class: every piece of code that can lock its instances is in this assembly
// quiet
using System.Collections.Generic;

internal sealed class RetryBudget
{
    private readonly Dictionary<string, int> _attempts = new Dictionary<string, int>();

    public bool TrySpend(string operation, int limit)
    {
        lock (this)
        {
            _attempts.TryGetValue(operation, out var used);
            if (used >= limit)
            {
                return false;
            }

            _attempts[operation] = used + 1;
            return true;
        }
    }
}
