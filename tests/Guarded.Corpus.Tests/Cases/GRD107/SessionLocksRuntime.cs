// case: per-table work serialized with SessionLocks and swept safely
// quiet
using System;
using System.Threading;
using System.Threading.Tasks;
using Guarded;

public sealed class TableWork
{
    private readonly SessionLocks<int> _locks = new SessionLocks<int>();

    public async Task RunAsync(int table, Func<Task> work, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(table, TimeSpan.FromSeconds(30), cancellationToken))
        {
            await work();
        }
    }

    public int SweepIdle() => _locks.Sweep(TimeSpan.FromMinutes(5));
}
