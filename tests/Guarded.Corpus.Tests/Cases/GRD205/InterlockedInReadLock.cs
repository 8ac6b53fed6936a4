// case: read lock with an Interlocked hit counter
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class SafeDnsCache
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private readonly Dictionary<string, string> _records = new Dictionary<string, string>();
    private long _hits;

    public string? Resolve(string host)
    {
        _lock.EnterReadLock();
        try
        {
            if (_records.TryGetValue(host, out var address))
            {
                Interlocked.Increment(ref _hits);
                return address;
            }

            return null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
