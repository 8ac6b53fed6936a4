// case: per-account semaphores created with GetOrAdd and never removed
// quiet
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

public sealed class AccountLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new ConcurrentDictionary<string, SemaphoreSlim>();

    public async Task<decimal> WithdrawAsync(string account, decimal amount)
    {
        var gate = _locks.GetOrAdd(account, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            await Task.Delay(1);
            return amount;
        }
        finally
        {
            gate.Release();
        }
    }
}
