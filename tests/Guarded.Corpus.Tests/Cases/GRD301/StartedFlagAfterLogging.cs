// case: a poller logs that it starts and then sets its started flag before starting the timer: logging is not the guarded work
// quiet
using System;
using System.Diagnostics;
using System.Threading;

public sealed class HealthPoller
{
    private readonly object _gate = new object();
    private bool _started;
    private Timer? _timer;

    public void Start()
    {
        if (_started)
        {
            return;
        }

        Trace.WriteLine("health poller starting");
        _started = true;
        lock (_gate)
        {
            _timer = new Timer(_ => Poll(), null, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        }
    }

    private void Poll()
    {
    }
}
