// case: configuration swapped in a write section, read without a read section
using System.Collections.Generic;
using System.Threading;

public sealed class RuntimeConfig
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private Dictionary<string, string> _values = new Dictionary<string, string>();

    public void Reload(Dictionary<string, string> values)
    {
        _lock.EnterWriteLock();
        try
        {
            _values = values;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public string Get(string key)
    {
        var values = _values; // expect: GRD201
        return values.TryGetValue(key, out var value) ? value : string.Empty;
    }
}
