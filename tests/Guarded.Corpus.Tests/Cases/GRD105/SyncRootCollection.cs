// case: a collection that is not thread-safe hands out a lazily created SyncRoot for its callers to lock on
// quiet
using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;

public sealed class TokenList : ICollection
{
    private readonly List<string> _items = new List<string>();
    private object? _syncRoot;
    private int _changes;
    private EventHandler? _changed;

    public event EventHandler Changed
    {
        add { _changed += value; }
        remove { _changed -= value; }
    }

    public int Count => _items.Count;

    public bool IsSynchronized => false;

    object ICollection.SyncRoot
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

    public void Add(string token)
    {
        _items.Add(token);
        _changes++;
        _changed?.Invoke(this, EventArgs.Empty);
    }

    public void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);

    public IEnumerator GetEnumerator() => _items.GetEnumerator();
}
