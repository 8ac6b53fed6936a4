// case: private wake-up helper, called under the lock by one caller and after it by another
using System.Threading;

public sealed class CompletionLatch
{
    private readonly object _gate = new object();
    private bool _done;

    public void Complete()
    {
        lock (_gate)
        {
            _done = true;
        }

        WakeWaiters();
    }

    public void Reset()
    {
        lock (_gate)
        {
            _done = false;
            WakeWaiters();
        }
    }

    public void Await()
    {
        lock (_gate)
        {
            while (!_done)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    private void WakeWaiters()
    {
        Monitor.PulseAll(_gate); // expect: GRD404
    }
}
