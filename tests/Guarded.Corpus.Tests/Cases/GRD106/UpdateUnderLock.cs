// case: copy-on-write list replaced under the writers' lock, read lock-free
// quiet
using System.Collections.Immutable;

public sealed class PeerList
{
    private readonly object _gate = new object();
    private ImmutableList<string> _peers = ImmutableList<string>.Empty;

    public void Add(string peer)
    {
        lock (_gate)
        {
            _peers = _peers.Add(peer);
        }
    }

    public ImmutableList<string> Snapshot() => _peers;
}
