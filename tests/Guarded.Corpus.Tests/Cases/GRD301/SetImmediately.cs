// case: flag set directly after the check, before the slow work
// quiet
using System.Threading;
using System.Threading.Tasks;

public sealed class Uplink
{
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
    private bool _connected = true;

    public async Task DisconnectAsync()
    {
        if (!_connected)
        {
            return;
        }

        _connected = false;
        await Task.Delay(10);
    }
}
