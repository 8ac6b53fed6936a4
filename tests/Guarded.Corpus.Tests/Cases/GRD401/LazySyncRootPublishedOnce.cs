// case: an ICollection-style SyncRoot created on first use with CompareExchange against null: it never changes afterwards
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class EventLog
{
    private object? _syncRoot;
    private readonly List<string> _events = new List<string>();

    public object SyncRoot
    {
        get
        {
            if (_syncRoot == null)
            {
                Interlocked.CompareExchange(ref _syncRoot, new object(), null);
            }

            return _syncRoot;
        }
    }

    public void Append(string entry)
    {
        lock (SyncRoot)
        {
            _events.Add(entry);
        }
    }

    public int Count()
    {
        lock (_syncRoot ?? SyncRoot)
        {
            return _events.Count;
        }
    }
}
