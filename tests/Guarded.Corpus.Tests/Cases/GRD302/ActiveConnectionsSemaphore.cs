// case: active connection set guarded by a SemaphoreSlim, cleaned up in finally without it
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class ConnectionTracker
{
    private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
    private readonly HashSet<int> _active = new HashSet<int>();

    public async Task ServeAsync(int connection)
    {
        await _mutex.WaitAsync();
        try
        {
            _active.Add(connection);
        }
        finally
        {
            _mutex.Release();
        }

        try
        {
            await Task.Delay(100);
        }
        finally
        {
            _active.Remove(connection); // expect: GRD302
        }
    }
}
