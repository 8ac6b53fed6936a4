// case: a timer callback pulses the waiters from a pool thread that holds no lock
using System;
using System.Threading;

public sealed class TickClock : IDisposable
{
    private readonly object _tickGate = new object();
    private readonly Timer _timer;
    private long _ticks;

    public TickClock(TimeSpan period)
    {
        _timer = new Timer(_ =>
        {
            Interlocked.Increment(ref _ticks);
            Monitor.PulseAll(_tickGate); // expect: GRD404
        }, null, period, period);
    }

    public void WaitForTick()
    {
        lock (_tickGate)
        {
            var seen = Interlocked.Read(ref _ticks);
            while (Interlocked.Read(ref _ticks) == seen)
            {
                Monitor.Wait(_tickGate);
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
