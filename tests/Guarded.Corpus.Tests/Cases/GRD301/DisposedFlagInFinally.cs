// case: Dispose sets its disposed flag in finally; its owner disposes it once, so no caller waits on that window
// quiet
using System;
using System.Threading;

public sealed class PeriodicFlush : IDisposable
{
    private readonly object _gate = new object();
    private Timer? _timer;
    private bool _disposed;

    public void Start(TimeSpan period)
    {
        lock (_gate)
        {
            _timer = new Timer(_ => Flush(), null, period, period);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _timer?.Dispose();
        }
        finally
        {
            _disposed = true;
        }
    }

    private void Flush()
    {
        if (_disposed)
        {
            return;
        }
    }
}
