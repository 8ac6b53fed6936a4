// case: in-flight request gauge decremented in finally without the lock
using System;
using System.Threading.Tasks;

public sealed class RequestGate
{
    private readonly object _gate = new object();
    private int _inFlight;

    public async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        lock (_gate)
        {
            _inFlight++;
        }

        try
        {
            return await call();
        }
        finally
        {
            _inFlight--; // expect: GRD302
        }
    }
}
