// case: per-cart monitors from a registry, one held across an await
using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

public sealed class CartCheckout
{
    private readonly ConcurrentDictionary<string, object> _carts = new ConcurrentDictionary<string, object>();

    public async Task CheckoutAsync(string cart, Func<Task> pay)
    {
        var gate = _carts.GetOrAdd(cart, _ => new object());
        Monitor.Enter(gate); // expect: GRD304
        try
        {
            await pay();
        }
        finally
        {
            Monitor.Exit(gate);
        }
    }

    public void Rename(string cart, string name)
    {
        lock (_carts.GetOrAdd(cart, _ => new object()))
        {
            Console.WriteLine(cart + name);
        }
    }

    public void Forget(string cart)
    {
        _carts.TryRemove(cart, out _);
    }
}
