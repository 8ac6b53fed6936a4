// case: an object initializer copies this instance's fields into a new object; nothing is read-modify-written
// quiet
using System.Threading;

public sealed class RouteTable
{
    private readonly object _gate = new object();
    private int _version;
    private string _prefix = "/";

    public void Bump()
    {
        lock (_gate)
        {
            _version++;
        }
    }

    public RouteTable WithPrefix(string prefix)
    {
        return new RouteTable { _prefix = prefix, _version = _version };
    }

    public int Version => Volatile.Read(ref _version);
}
