// case: a handler table stores, on a miss, the delegate the caller handed in: two callers register different handlers and one is silently lost
using System;
using System.Collections.Concurrent;

public sealed class CommandHandlers
{
    private readonly ConcurrentDictionary<string, Action<string>> _handlers = new ConcurrentDictionary<string, Action<string>>();

    public Action<string> Register(string command, Action<string> handler)
    {
        if (!_handlers.TryGetValue(command, out var registered)) // expect: GRD102
        {
            registered = handler;
            _handlers[command] = registered;
        }

        return registered;
    }
}
