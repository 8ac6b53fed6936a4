// case: read lock held while awaiting a remote lookup
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class CatalogMirror
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private readonly Dictionary<string, string> _items = new Dictionary<string, string>();

    public async Task<string> DescribeAsync(string sku)
    {
        _lock.EnterReadLock(); // expect: GRD304
        try
        {
            var local = _items.TryGetValue(sku, out var item) ? item : "?";
            await Task.Delay(5);
            return local;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
