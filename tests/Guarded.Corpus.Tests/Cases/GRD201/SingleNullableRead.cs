// case: a connection that can be removed is read once per member: tested, returned or read through ?. — a guard could not keep the null away
// quiet
public sealed class UplinkHost
{
    private readonly object _gate = new object();
    private Uplink? _uplink;

    public bool IsConnected => _uplink is not null;

    internal Uplink? Current => _uplink;

    public string? Endpoint => _uplink?.Endpoint;

    public void Connect(string endpoint)
    {
        lock (_gate)
        {
            _uplink = new Uplink(endpoint);
        }
    }

    public void Disconnect()
    {
        lock (_gate)
        {
            _uplink = null;
        }
    }
}

public sealed class Uplink
{
    public Uplink(string endpoint) => Endpoint = endpoint;

    public string Endpoint { get; }
}
