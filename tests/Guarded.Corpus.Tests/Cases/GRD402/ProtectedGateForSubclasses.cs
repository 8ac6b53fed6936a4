// case: a base class shares its protected lock object with the classes derived from it, on purpose
// quiet
using System.Collections.Generic;

public abstract class ChannelBase
{
    protected readonly object Gate = new object();
    private readonly List<string> _log = new List<string>();

    public void Send(string message)
    {
        lock (Gate)
        {
            _log.Add(message);
            OnSent(message);
        }
    }

    protected abstract void OnSent(string message);
}

public sealed class CountingChannel : ChannelBase
{
    private int _sent;

    protected override void OnSent(string message) => _sent++;

    public int Sent()
    {
        lock (Gate)
        {
            return _sent;
        }
    }
}
