// case: a stop that tests "stopping" and "stopped" in two checks, sets "stopping" at once and "stopped" at the end
// quiet
using System.Threading;
using System.Threading.Tasks;

public sealed class Pump
{
    private readonly SemaphoreSlim _drained = new SemaphoreSlim(0);
    private bool _stopping;
    private bool _stopped;

    public async Task StopAsync()
    {
        if (_stopping)
        {
            return;
        }

        if (_stopped)
        {
            return;
        }

        _stopping = true;
        try
        {
            await _drained.WaitAsync();
        }
        finally
        {
            _stopping = false;
            _stopped = true;
            _drained.Release();
        }
    }
}
