// case: cleanup in finally takes the lock itself
// quiet
using System;
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class SafeJobBook
{
    private readonly object _gate = new object();
    private readonly Dictionary<Guid, string> _running = new Dictionary<Guid, string>();

    public async Task RunAsync(Guid id, string name, Func<Task> work)
    {
        lock (_gate)
        {
            _running.Add(id, name);
        }

        try
        {
            await work();
        }
        finally
        {
            lock (_gate)
            {
                _running.Remove(id);
            }
        }
    }
}
