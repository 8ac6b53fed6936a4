using System;
using System.Threading;

namespace Guarded.Internal;

/// <summary>
/// Runs ledgers' <c>decide</c> callbacks so that an update of the same ledger from inside one fails fast: in memory the
/// key's <c>Monitor</c> would let the nested update in and lose one of the two, a journaled ledger's semaphore would
/// deadlock, and PostgreSQL's nested update would wait for the row lock the outer transaction holds.
/// </summary>
internal static class DecideCallbacks
{
    /// <summary>The ledger whose decide callback this thread is running, or null.</summary>
    [ThreadStatic]
    private static object? _deciding;

    /// <summary>Throws when this thread is running a decide callback of <paramref name="ledger"/>.</summary>
    /// <exception cref="LockRecursionException">An update of <paramref name="ledger"/> from inside its own decide callback.</exception>
    public static void ThrowIfDeciding(object ledger)
    {
        if (ReferenceEquals(_deciding, ledger))
        {
            throw new LockRecursionException("A decide callback updated the ledger it is deciding for; decide must only compute the decision (update other keys after Update returns).");
        }
    }

    /// <summary>Runs <paramref name="decide"/> on <paramref name="state"/> as <paramref name="ledger"/>'s callback.</summary>
    public static LedgerDecision<TState> Run<TState>(object ledger, Func<TState, LedgerDecision<TState>> decide, TState state)
    {
        var outer = _deciding;
        _deciding = ledger;
        try
        {
            return decide(state);
        }
        finally
        {
            _deciding = outer;
        }
    }
}
