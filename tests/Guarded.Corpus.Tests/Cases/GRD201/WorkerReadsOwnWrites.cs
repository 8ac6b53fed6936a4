// case: one delay loop replaces its cancellation source under the lock for other readers, and reads it back without the lock itself
// quiet
using System.Threading;
using System.Threading.Tasks;

public sealed class HedgeTimer
{
    private readonly object _gate = new object();
    private CancellationTokenSource? _delay;

    public async Task RunAsync(int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            lock (_gate)
            {
                _delay = new CancellationTokenSource();
            }

            await Task.Delay(10, _delay.Token);
            _delay.Dispose();
        }
    }

    public void Interrupt()
    {
        lock (_gate)
        {
            _delay?.Cancel();
        }
    }
}
