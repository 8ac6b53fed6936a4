// case: consumer marks itself started only after the awaited subscription
using System.Threading;
using System.Threading.Tasks;

public sealed class QueueConsumer
{
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();
    private bool _started;

    public async Task StartAsync()
    {
        if (!_started)
        {
            await SubscribeAsync(_stop.Token);
            _ = Task.Run(() => PumpAsync(_stop.Token));
            _started = true; // expect: GRD301
        }
    }

    private static Task SubscribeAsync(CancellationToken token) => Task.Delay(5, token);

    private static Task PumpAsync(CancellationToken token) => Task.Delay(100, token);
}
