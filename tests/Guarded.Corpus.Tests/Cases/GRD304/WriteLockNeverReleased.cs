// case: write lock entered, awaited, and released in another method
using System.Threading;
using System.Threading.Tasks;

public sealed class SnapshotWriter
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private string _snapshot = "";

    public async Task BeginAsync(string state)
    {
        _lock.EnterWriteLock(); // expect: GRD304
        _snapshot = state;
        await Task.Delay(1);
    }

    public void End() => _lock.ExitWriteLock();

    public string Read()
    {
        _lock.EnterReadLock();
        try
        {
            return _snapshot;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
