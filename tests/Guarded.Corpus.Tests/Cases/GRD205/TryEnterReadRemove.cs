// case: expired entry removed under TryEnterReadLock with a timeout
using System;
using System.Collections.Generic;
using System.Threading;

public sealed class SessionIndex
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private readonly Dictionary<string, DateTime> _expiry = new Dictionary<string, DateTime>();

    public bool IsValid(string session, DateTime now)
    {
        if (!_lock.TryEnterReadLock(TimeSpan.FromMilliseconds(50)))
        {
            return false;
        }

        try
        {
            if (_expiry.TryGetValue(session, out var until) && until < now)
            {
                _expiry.Remove(session); // expect: GRD205
                return false;
            }

            return _expiry.ContainsKey(session);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
