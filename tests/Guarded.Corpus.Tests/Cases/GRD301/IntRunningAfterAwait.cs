// case: sync job marks itself running with an int flag after an await
using System.Threading;
using System.Threading.Tasks;

public sealed class NightlySync
{
    private int _running;
    private long _runs;

    public async Task RunAsync()
    {
        if (_running == 1)
        {
            return;
        }

        await Task.Yield();
        _running = 1; // expect: GRD301
        Interlocked.Increment(ref _runs);
        await Task.Delay(100);
        _running = 0;
    }
}
