// case: a reset replaces the lock while holding it; the next caller locks the new object while the old holder still runs
using System.Collections.Generic;

public sealed class RateWindow
{
    private object _windowLock = new object();
    private readonly Queue<long> _hits = new Queue<long>();

    public bool TryHit(long now, int limit)
    {
        lock (_windowLock) // expect: GRD401
        {
            while (_hits.Count > 0 && now - _hits.Peek() > 1000)
            {
                _hits.Dequeue();
            }

            if (_hits.Count >= limit)
            {
                return false;
            }

            _hits.Enqueue(now);
            return true;
        }
    }

    public void Reset()
    {
        lock (_windowLock) // expect: GRD401
        {
            _hits.Clear();
            _windowLock = new object();
        }
    }
}
