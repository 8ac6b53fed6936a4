// case: the route table is copy-on-write: each change builds a new dictionary under the lock and swaps it in, readers use the snapshot lock-free
// quiet
using System.Collections.Generic;

public sealed class RouteTable
{
    private readonly object _gate = new object();
    private Dictionary<string, string> _routes = new Dictionary<string, string>();

    public void Add(string path, string target)
    {
        lock (_gate)
        {
            var copy = new Dictionary<string, string>(_routes);
            copy[path] = target;
            _routes = copy;
        }
    }

    public bool TryRoute(string path, out string? target) => _routes.TryGetValue(path, out target);

    public int Count => _routes.Count;

    public IReadOnlyCollection<string> Paths()
    {
        var snapshot = _routes;
        return snapshot.Keys;
    }
}
