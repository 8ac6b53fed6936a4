// case: a hop counter is reserved with Interlocked before the limit check and given back in finally: a reservation, not a late-set gate (no GRD301); the limit check re-reads the counter instead of using the value Increment returns
using System;
using System.Threading;
using System.Threading.Tasks;

public sealed class HopGuard
{
    private const int MaxHops = 8;
    private int _hops;

    public T Run<T>(Func<T> action)
    {
        Interlocked.Increment(ref _hops); // expect: GRD108
        if (_hops > MaxHops)
        {
            throw new InvalidOperationException("too many hops");
        }

        try
        {
            return Task.Run(action).GetAwaiter().GetResult();
        }
        finally
        {
            Interlocked.Decrement(ref _hops);
        }
    }
}
