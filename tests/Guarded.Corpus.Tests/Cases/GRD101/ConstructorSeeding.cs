// case: routing table seeded with check-then-act in the constructor, locked afterwards
// quiet
using System.Collections.Generic;

public sealed class RouteTable
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, string> _routes = new Dictionary<string, string>();

    public RouteTable(IEnumerable<KeyValuePair<string, string>> seed)
    {
        foreach (var route in seed)
        {
            if (!_routes.ContainsKey(route.Key))
            {
                _routes.Add(route.Key, route.Value);
            }
        }
    }

    public void Set(string path, string target)
    {
        lock (_gate)
        {
            _routes[path] = target;
        }
    }
}
