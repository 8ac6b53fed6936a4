// case: async export throttled by a semaphore that is waited on synchronously
using System;
using System.Threading;
using System.Threading.Tasks;

public sealed class ThrottledExporter
{
    private readonly SemaphoreSlim _slots = new SemaphoreSlim(4, 4);

    public async Task ExportAsync(Func<CancellationToken, Task> export, CancellationToken cancellationToken)
    {
        _slots.Wait(cancellationToken); // expect: GRD405
        try
        {
            await export(cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public async Task<bool> TryExportAsync(Func<CancellationToken, Task> export)
    {
        if (!_slots.Wait(TimeSpan.FromSeconds(5))) // expect: GRD405
        {
            return false;
        }

        try
        {
            await export(CancellationToken.None);
            return true;
        }
        finally
        {
            _slots.Release();
        }
    }
}
