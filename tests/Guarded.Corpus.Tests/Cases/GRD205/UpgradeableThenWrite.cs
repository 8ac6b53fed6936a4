// case: upgradeable read section that takes the write lock for the miss
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class UpgradeCache
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private readonly Dictionary<int, string> _names = new Dictionary<int, string>();

    public string Name(int id)
    {
        _lock.EnterUpgradeableReadLock();
        try
        {
            if (_names.TryGetValue(id, out var name))
            {
                return name;
            }

            _lock.EnterWriteLock();
            try
            {
                name = "#" + id;
                _names[id] = name;
                return name;
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
        finally
        {
            _lock.ExitUpgradeableReadLock();
        }
    }
}
