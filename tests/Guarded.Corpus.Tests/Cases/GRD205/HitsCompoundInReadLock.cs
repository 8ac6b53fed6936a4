// case: hit counter updated with += inside a read section
using System.Collections.Generic;
using System.Threading;

public sealed class DnsCache
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
                _hits += 1; // expect: GRD205
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
