// case: [GuardedBy] subscriber names read without the declared lock
using System.Collections.Generic;
using Guarded;

public sealed class Subscribers
{
    private readonly object _gate = new object();

    [GuardedBy(nameof(_gate))]
    private readonly List<string> _names = new List<string>();

    public void Subscribe(string name)
    {
        lock (_gate)
        {
            _names.Add(name);
        }
    }

    public bool IsSubscribed(string name)
    {
        return _names.Contains(name); // expect: GRD203
    }
}
