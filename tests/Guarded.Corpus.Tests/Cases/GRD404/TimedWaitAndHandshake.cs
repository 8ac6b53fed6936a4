// case: a timed wait under an if whose caller re-checks, and a start handshake that holds the lock until it waits
// quiet
using System;
using System.Threading;

public sealed class ServiceHost
{
    private readonly object _gate = new object();
    private bool _started;

    public bool WaitStarted(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (!_started)
            {
                Monitor.Wait(_gate, timeout);
            }

            return _started;
        }
    }

    public void StartAndWait()
    {
        var worker = new Thread(Run);
        lock (_gate)
        {
            worker.Start();
            Monitor.Wait(_gate);
        }
    }

    private void Run()
    {
        lock (_gate)
        {
            _started = true;
            Monitor.PulseAll(_gate);
        }
    }
}
