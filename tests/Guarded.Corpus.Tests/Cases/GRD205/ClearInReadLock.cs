// case: stale cache cleared while only holding the read lock
using System.Collections.Generic;
using System.Threading;

public sealed class RouteCache
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private readonly Dictionary<string, string> _routes = new Dictionary<string, string>();
    private int _generation;

    public string? Route(string path, int generation)
    {
        _lock.EnterReadLock();
        try
        {
            if (generation != _generation)
            {
                _routes.Clear(); // expect: GRD205
                _generation = generation; // expect: GRD205
                return null;
            }

            return _routes.TryGetValue(path, out var target) ? target : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
