// case: per-session semaphore registry created with ContainsKey then the indexer
using System.Collections.Generic;
using System.Threading;

public sealed class SessionGates
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, SemaphoreSlim> _locks = new Dictionary<string, SemaphoreSlim>();

    public SemaphoreSlim For(string session)
    {
        if (!_locks.ContainsKey(session)) // expect: GRD107
        {
            _locks[session] = new SemaphoreSlim(1, 1);
        }

        return _locks[session];
    }
}
