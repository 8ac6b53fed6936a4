// case: a [NonSerialized] lock object recreated in the [OnDeserialized] callback, before anyone can use the object
// quiet
using System;
using System.Collections.Generic;
using System.Runtime.Serialization;

[Serializable]
public sealed class ShoppingCart
{
    [NonSerialized]
    private object _gate = new object();
    private readonly List<string> _items = new List<string>();

    [OnDeserialized]
    private void OnDeserialized(StreamingContext context)
    {
        _gate = new object();
    }

    public void Add(string sku)
    {
        lock (_gate)
        {
            _items.Add(sku);
        }
    }
}
