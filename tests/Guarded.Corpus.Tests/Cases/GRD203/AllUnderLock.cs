// case: every access of the [GuardedBy] field holds the declared lock
// quiet
using System.Collections.Generic;
using Guarded;

public sealed class SafeSubscribers
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
        lock (_gate)
        {
            return _names.Contains(name);
        }
    }
}
