// case: a collection whose ICollection.SyncRoot is the collection itself: locking 'this' is the protocol it publishes
// quiet
using System;
using System.Collections;
using System.Collections.Generic;

public sealed class RecentItems : ICollection
{
    private readonly List<object> _items = new List<object>();

    public int Count
    {
        get
        {
            lock (this)
            {
                return _items.Count;
            }
        }
    }

    public bool IsSynchronized => true;

    public object SyncRoot => this;

    public void Add(object item)
    {
        lock (this)
        {
            _items.Add(item);
        }
    }

    public void CopyTo(Array array, int index)
    {
        lock (this)
        {
            ((ICollection)_items).CopyTo(array, index);
        }
    }

    public IEnumerator GetEnumerator()
    {
        lock (this)
        {
            return _items.ToArray().GetEnumerator();
        }
    }
}
