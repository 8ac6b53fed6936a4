// case: timed WaitAsync with an early return, then try/finally
// quiet
using System;
using System.Threading;
using System.Threading.Tasks;

public sealed class ExportSlot
{
    private readonly SemaphoreSlim _slot = new SemaphoreSlim(1, 1);

    public async Task<bool> TryExportAsync(Func<Task> export)
    {
        if (!await _slot.WaitAsync(TimeSpan.FromSeconds(2)))
        {
            return false;
        }

        try
        {
            await export();
            return true;
        }
        finally
        {
            _slot.Release();
        }
    }
}
