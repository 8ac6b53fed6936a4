// case: per-key lock objects created entirely under the registry lock
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class ShardLocks
{
    private readonly object _gate = new object();
    private readonly Dictionary<int, Lock> _locks = new Dictionary<int, Lock>();

    public Lock For(int shard)
    {
        lock (_gate)
        {
            if (!_locks.TryGetValue(shard, out var shardLock))
            {
                shardLock = new Lock();
                _locks.Add(shard, shardLock);
            }

            return shardLock;
        }
    }
}
