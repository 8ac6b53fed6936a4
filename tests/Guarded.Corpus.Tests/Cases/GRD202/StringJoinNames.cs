// case: online users joined into a string without the lock
using System.Collections.Generic;

public sealed class Lobby
{
    private readonly object _gate = new object();
    private readonly HashSet<string> _names = new HashSet<string>();

    public void Join(string name)
    {
        lock (_gate)
        {
            _names.Add(name);
        }
    }

    public void Leave(string name)
    {
        lock (_gate)
        {
            _names.Remove(name);
        }
    }

    public string Describe() => "online: " + string.Join(", ", _names); // expect: GRD202
}
