// case: a round-robin picker reads its index to choose a route and increments it separately: two senders pick the same route
using System.Threading;

public sealed class RoundRobinPicker
{
    private readonly string[] _routes = { "north", "south", "east" };
    private int _index;

    public string Next()
    {
        var route = _routes[_index % _routes.Length];
        Interlocked.Add(ref _index, 1); // expect: GRD108
        return route;
    }
}
