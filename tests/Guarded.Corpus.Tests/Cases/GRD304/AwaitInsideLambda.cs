// case: async lambda created while the lock is held awaits on its own
// quiet
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class Scheduler
{
    private readonly object _gate = new object();
    private readonly List<Func<Task>> _work = new List<Func<Task>>();

    public void Schedule(int delay)
    {
        Monitor.Enter(_gate);
        try
        {
            _work.Add(async () => await Task.Delay(delay));
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }
}
