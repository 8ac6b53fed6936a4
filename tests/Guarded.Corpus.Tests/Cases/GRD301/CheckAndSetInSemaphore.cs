// case: check and late set both inside one semaphore region
// quiet
using System.Threading;
using System.Threading.Tasks;

public sealed class Migrator
{
    private readonly SemaphoreSlim _lock = new SemaphoreSlim(1, 1);
    private bool _migrated;

    public async Task MigrateAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (_migrated)
            {
                return;
            }

            await Task.Delay(50);
            _migrated = true;
        }
        finally
        {
            _lock.Release();
        }
    }
}
