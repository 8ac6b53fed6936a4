// case: the list is locked through its ICollection.SyncRoot; reading it to get the lock is no unguarded read
// quiet
using System.Collections;
using System.Collections.Generic;

public sealed class PendingLoggers
{
    private readonly List<string> _names = new List<string>();

    public void Add(string name)
    {
        lock (((ICollection)_names).SyncRoot)
        {
            _names.Add(name);
        }
    }

    public string[] Snapshot()
    {
        lock (((ICollection)_names).SyncRoot)
        {
            return _names.ToArray();
        }
    }
}
