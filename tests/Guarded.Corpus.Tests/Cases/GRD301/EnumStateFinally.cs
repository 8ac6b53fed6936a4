// case: crawler state moved to Stopped in finally after the drain
using System;
using System.Threading.Tasks;

public sealed class Crawler
{
    private enum State { Idle, Running, Stopped }

    private State _state = State.Running;

    public Task StopInBackground() => Task.Run(StopAsync);

    public async Task StopAsync()
    {
        if (_state != State.Running)
        {
            return;
        }

        try
        {
            await DrainAsync();
        }
        finally
        {
            _state = State.Stopped; // expect: GRD301
        }
    }

    private static Task DrainAsync() => Task.Delay(20);
}
