// case: background jobs remove themselves from the running set in finally without the lock
using System;
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class JobBook
{
    private readonly object _gate = new object();
    private readonly Dictionary<Guid, string> _running = new Dictionary<Guid, string>();

    public Guid Start(string name, Func<Task> work)
    {
        var id = Guid.NewGuid();
        lock (_gate)
        {
            _running.Add(id, name);
        }

        _ = Task.Run(() => RunAsync(id, work));
        return id;
    }

    private async Task RunAsync(Guid id, Func<Task> work)
    {
        try
        {
            await work();
        }
        finally
        {
            // The job is done either way.
            _running.Remove(id); // expect: GRD302
            Console.WriteLine(id);
        }
    }
}
