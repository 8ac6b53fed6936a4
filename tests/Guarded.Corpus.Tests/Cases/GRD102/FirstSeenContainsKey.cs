// case: analytics remembers the first visit of each user with ContainsKey then the indexer
using System;
using System.Collections.Concurrent;

public sealed class VisitTracker
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new ConcurrentDictionary<string, DateTimeOffset>();

    public void Seen(string user, DateTimeOffset now)
    {
        // Remember only the first visit.
        if (!_firstSeen.ContainsKey(user)) // expect: GRD102
        {
            _firstSeen[user] = now;
        }
    }

    public int Users => _firstSeen.Count;
}
