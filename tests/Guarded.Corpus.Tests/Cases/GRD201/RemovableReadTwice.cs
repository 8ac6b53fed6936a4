// case: a connection that can be removed is tested and then used by a second read: the second read can find null
using System.Threading.Tasks;

public sealed class FeedHost
{
    private readonly object _gate = new object();
    private Feed? _feed;

    public void Publish(string item)
    {
        if (_feed != null) // expect: GRD201
        {
            _feed.Push(item); // expect: GRD201
        }
    }

    public Task FlushLaterAsync() => Task.Run(() => _feed.Flush()); // expect: GRD201

    public void Attach(Feed feed)
    {
        lock (_gate)
        {
            _feed = feed;
        }
    }

    public void Detach()
    {
        lock (_gate)
        {
            _feed = null;
        }
    }
}

public sealed class Feed
{
    public void Push(string item)
    {
    }

    public void Flush()
    {
    }
}
