// case: reconnect backoff doubled from a timer callback
using System;
using System.Threading;

public sealed class Reconnector : IDisposable
{
    private readonly Timer _timer;
    private int _backoffMs = 100;

    public Reconnector()
    {
        _timer = new Timer(_ => OnTick(), null, 0, 1000);
    }

    private void OnTick()
    {
        _backoffMs = _backoffMs * 2; // expect: GRD105
    }

    public void Dispose() => _timer.Dispose();
}
