// case: [RequiresGuard] helper touches the field and is called only under the lock
// quiet
using System.Collections.Generic;
using Guarded;

public sealed class PendingWrites
{
    private readonly object _gate = new object();

    [GuardedBy(nameof(_gate))]
    private readonly List<string> _pending = new List<string>();

    public void Write(string line)
    {
        lock (_gate)
        {
            _pending.Add(line);
            TrimIfLarge();
        }
    }

    [RequiresGuard(nameof(_gate))]
    private void TrimIfLarge()
    {
        if (_pending.Count > 1000)
        {
            _pending.RemoveRange(0, 500);
        }
    }
}
