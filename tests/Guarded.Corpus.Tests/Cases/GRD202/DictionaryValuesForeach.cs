// case: port map values iterated without the lock while ports are opened under it
using System.Collections.Generic;

public sealed class PortAllocator
{
    private readonly object _gate = new object();
    private readonly Dictionary<int, string> _ports = new Dictionary<int, string>();

    public void Open(int port, string service)
    {
        lock (_gate)
        {
            _ports[port] = service;
        }
    }

    public int CountHttp()
    {
        var count = 0;
        foreach (var service in _ports.Values) // expect: GRD202
        {
            if (service.StartsWith("http"))
            {
                count++;
            }
        }

        return count;
    }
}
