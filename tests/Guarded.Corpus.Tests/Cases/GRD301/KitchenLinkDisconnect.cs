// case: kitchen display link resets its connected flag in finally after the goodbye
using System.Threading;
using System.Threading.Tasks;

public sealed class KitchenLink
{
    private readonly SemaphoreSlim _connectLock = new SemaphoreSlim(1, 1);
    private bool _connected;

    public async Task DisconnectAsync()
    {
        if (!_connected)
        {
            return;
        }

        try
        {
            // Tell the display we are going away.
            await SendGoodbyeAsync();
        }
        finally
        {
            _connected = false; // expect: GRD301
        }
    }

    private Task SendGoodbyeAsync() => Task.Delay(10);
}
