// case: a handler used by many requests at once counts them in a static field without Interlocked
using System.Collections.Concurrent;

public sealed class RequestHandler
{
    private static long s_handled;
    private readonly ConcurrentDictionary<string, int> _inFlight = new ConcurrentDictionary<string, int>();

    public void Handle(string requestId)
    {
        _inFlight[requestId] = 1;
        s_handled++; // expect: GRD403
        _inFlight.TryRemove(requestId, out _);
    }

    public static long Handled => s_handled;
}
