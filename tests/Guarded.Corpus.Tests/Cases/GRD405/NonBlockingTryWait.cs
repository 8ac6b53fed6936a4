// case: Wait(0) is a try that never blocks; the slot is released in finally
// quiet
using System;
using System.Threading;
using System.Threading.Tasks;

public sealed class RefreshGuard
{
    private readonly SemaphoreSlim _refreshing = new SemaphoreSlim(1, 1);

    public async Task<bool> TryRefreshAsync(Func<Task> refresh)
    {
        if (!_refreshing.Wait(0))
        {
            return false;
        }

        try
        {
            await refresh();
            return true;
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
