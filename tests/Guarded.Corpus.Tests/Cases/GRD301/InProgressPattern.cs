// case: in-progress flag set right after the check, completion flag in finally
// quiet
using System.Threading;
using System.Threading.Tasks;

public sealed class SafeKitchenLink
{
    private readonly SemaphoreSlim _connectLock = new SemaphoreSlim(1, 1);
    private bool _connected = true;
    private bool _disconnecting;

    public async Task DisconnectAsync()
    {
        if (!_connected || _disconnecting)
        {
            return;
        }

        _disconnecting = true;
        try
        {
            await Task.Delay(10);
        }
        finally
        {
            _connected = false;
            _disconnecting = false;
        }
    }
}
