// case: chat sessions created on a TryGetValue miss and stored with the indexer
using System.Collections.Concurrent;

public sealed class ChatSessions
{
    private readonly ConcurrentDictionary<string, ChatSession> _sessions = new ConcurrentDictionary<string, ChatSession>();

    public ChatSession Get(string id)
    {
        if (!_sessions.TryGetValue(id, out var session)) // expect: GRD102
        {
            session = new ChatSession(id);
            _sessions[id] = session;
        }

        return session;
    }
}

public sealed class ChatSession
{
    public ChatSession(string id) => Id = id;

    public string Id { get; }
}
