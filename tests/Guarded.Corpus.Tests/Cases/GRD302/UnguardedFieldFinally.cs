// case: field reset in finally that no guard protects anywhere
// quiet
using System;
using System.Threading;
using System.Threading.Tasks;

public sealed class Poller
{
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();
    private string? _currentUrl;

    public Task PollAsync(string url) => Task.Run(async () =>
    {
        try
        {
            _currentUrl = url;
            await Task.Delay(10, _stop.Token);
        }
        finally
        {
            _currentUrl = null;
        }
    });

    public void Stop() => _stop.Cancel();
}
