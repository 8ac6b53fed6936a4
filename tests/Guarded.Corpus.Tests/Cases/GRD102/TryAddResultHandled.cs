// case: job registry uses TryAdd and handles a duplicate by its result
// quiet
using System;
using System.Collections.Concurrent;

public sealed class JobRegistry
{
    private readonly ConcurrentDictionary<Guid, string> _jobs = new ConcurrentDictionary<Guid, string>();

    public bool Submit(Guid id, string name)
    {
        if (!_jobs.TryAdd(id, name))
        {
            Console.WriteLine("duplicate job " + id);
            return false;
        }

        return true;
    }

    public bool Complete(Guid id) => _jobs.TryRemove(id, out _);
}
