// case: shutdown flag set under the lock, waiters woken after it is released
using System;
using System.Collections.Generic;
using System.Threading;

public sealed class WorkDispatcher : IDisposable
{
    private readonly object _gate = new object();
    private readonly Queue<Action> _work = new Queue<Action>();
    private bool _stopping;

    public void Post(Action work)
    {
        lock (_gate)
        {
            _work.Enqueue(work);
            Monitor.Pulse(_gate);
        }
    }

    public Action? Next()
    {
        lock (_gate)
        {
            while (_work.Count == 0 && !_stopping)
            {
                Monitor.Wait(_gate);
            }

            return _work.Count > 0 ? _work.Dequeue() : null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
        }

        Monitor.PulseAll(_gate); // expect: GRD404
    }
}
