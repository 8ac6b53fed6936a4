// case: cart guarded by a SemaphoreSlim, one member locks an object instead
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class Cart
{
    private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
    private readonly object _legacyLock = new object();
    private readonly List<string> _lines = new List<string>();

    public async Task AddAsync(string line)
    {
        await _mutex.WaitAsync();
        try
        {
            _lines.Add(line);
        }
        finally
        {
            _mutex.Release();
        }
    }

    public async Task RemoveAsync(string line)
    {
        await _mutex.WaitAsync();
        try
        {
            _lines.Remove(line);
        }
        finally
        {
            _mutex.Release();
        }
    }

    public void Empty()
    {
        lock (_legacyLock)
        {
            _lines.Clear(); // expect: GRD204
        }
    }
}
