// case: IP block list trimmed from a background task
using System.Collections.Immutable;
using System.Threading.Tasks;

public sealed class BlockList
{
    private ImmutableHashSet<string> _blocked = ImmutableHashSet<string>.Empty;

    public Task UnblockLaterAsync(string ip) => Task.Run(() => Unblock(ip));

    public void Unblock(string ip)
    {
        _blocked = _blocked.Remove(ip); // expect: GRD106
    }

    public void Block(string ip)
    {
        _blocked = _blocked.Add(ip); // expect: GRD106
    }
}
