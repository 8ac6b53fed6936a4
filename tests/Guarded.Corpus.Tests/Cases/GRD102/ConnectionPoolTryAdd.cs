// case: connection pool checks for an endpoint before adding a new pool
using System.Collections.Concurrent;
using System.Collections.Generic;

public sealed class EndpointPools
{
    private readonly ConcurrentDictionary<string, Queue<string>> _pools = new ConcurrentDictionary<string, Queue<string>>();

    public void Ensure(string endpoint)
    {
        if (!_pools.ContainsKey(endpoint)) // expect: GRD102
        {
            _pools.TryAdd(endpoint, new Queue<string>());
        }
    }
}
