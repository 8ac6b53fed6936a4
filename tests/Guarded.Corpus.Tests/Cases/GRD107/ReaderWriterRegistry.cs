// case: per-index reader/writer locks created on a TryGetValue miss
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class IndexLocks
{
    private readonly Dictionary<string, ReaderWriterLockSlim> _locks = new Dictionary<string, ReaderWriterLockSlim>();

    public Task RebuildAsync(string index) => Task.Run(() => Rebuild(index));

    private void Rebuild(string index)
    {
        if (!_locks.TryGetValue(index, out var rw)) // expect: GRD107
        {
            rw = new ReaderWriterLockSlim();
            _locks.Add(index, rw);
        }

        rw.EnterWriteLock();
        try
        {
            System.Console.WriteLine(index);
        }
        finally
        {
            rw.ExitWriteLock();
        }
    }
}
