// case: enumeration in a private helper only called while the lock is held
// quiet
using System.Collections.Generic;

public sealed class Roster
{
    private readonly object _gate = new object();
    private readonly List<string> _members = new List<string>();

    public void Add(string member)
    {
        lock (_gate)
        {
            _members.Add(member);
        }
    }

    public string Render()
    {
        lock (_gate)
        {
            return Join();
        }
    }

    private string Join()
    {
        var text = "";
        foreach (var member in _members)
        {
            text += member + ";";
        }

        return text;
    }
}
