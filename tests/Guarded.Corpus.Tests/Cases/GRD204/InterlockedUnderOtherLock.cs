// case: counter read with Interlocked while another lock happens to be held
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class Dispatcher
{
    private readonly object _gate = new object();
    private readonly object _logLock = new object();
    private readonly List<string> _log = new List<string>();
    private long _dispatched;

    public void Dispatch()
    {
        lock (_gate)
        {
            _dispatched++;
        }
    }

    public void Log()
    {
        lock (_logLock)
        {
            _log.Add("dispatched " + Interlocked.Read(ref _dispatched));
        }
    }
}
