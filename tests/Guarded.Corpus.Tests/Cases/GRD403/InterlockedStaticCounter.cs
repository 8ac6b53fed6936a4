// case: the same static counter updated with Interlocked from instance code
// quiet
using System.Threading;

public sealed class Meter
{
    private static long s_events;
    private readonly object _gate = new object();
    private int _local;

    public void Record()
    {
        lock (_gate)
        {
            _local++;
        }

        Interlocked.Increment(ref s_events);
    }
}
