// case: last access time stamped inside a read section
using System;
using System.Collections.Generic;
using System.Threading;

public sealed class ProfileStore
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private readonly Dictionary<int, string> _profiles = new Dictionary<int, string>();
    private DateTime _lastRead;

    public string? Find(int id)
    {
        _lock.EnterReadLock();
        try
        {
            _lastRead = DateTime.UtcNow; // expect: GRD205
            return _profiles.TryGetValue(id, out var profile) ? profile : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
