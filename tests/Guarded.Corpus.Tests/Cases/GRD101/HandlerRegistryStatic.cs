// case: static message-handler registry registered on first use
using System;
using System.Collections.Generic;

public static class MessageHandlers
{
    private static readonly Dictionary<string, Action<string>> s_handlers = new Dictionary<string, Action<string>>();

    public static void Register(string messageType, Action<string> handler)
    {
        if (!s_handlers.ContainsKey(messageType)) // expect: GRD101
        {
            s_handlers.Add(messageType, handler);
        }
    }

    public static bool TryDispatch(string messageType, string payload)
    {
        if (s_handlers.TryGetValue(messageType, out var handler))
        {
            handler(payload);
            return true;
        }

        return false;
    }
}
