// case: table lock registry forgets an entry that may still be held
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

public sealed class TableLocks
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _locks = new ConcurrentDictionary<int, SemaphoreSlim>();

    public async Task RunAsync(int table, System.Func<Task> work)
    {
        var gate = _locks.GetOrAdd(table, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            await work();
        }
        finally
        {
            gate.Release();
        }
    }

    public void Forget(int table)
    {
        _locks.TryRemove(table, out _); // expect: GRD107
    }
}
