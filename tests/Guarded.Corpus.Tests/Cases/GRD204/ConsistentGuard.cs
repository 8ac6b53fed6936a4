// case: two locks, each guarding its own field consistently
// quiet
using System.Collections.Generic;

public sealed class ChatRoom
{
    private readonly object _membersLock = new object();
    private readonly object _historyLock = new object();
    private readonly HashSet<string> _members = new HashSet<string>();
    private readonly List<string> _history = new List<string>();

    public void Join(string member)
    {
        lock (_membersLock)
        {
            _members.Add(member);
        }
    }

    public void Say(string line)
    {
        lock (_historyLock)
        {
            _history.Add(line);
        }
    }

    public int Members()
    {
        lock (_membersLock)
        {
            return _members.Count;
        }
    }
}
