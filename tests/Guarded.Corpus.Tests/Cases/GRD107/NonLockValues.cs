// case: per-key counters removed from a concurrent dictionary
// quiet
using System.Collections.Concurrent;

public sealed class RetryCounters
{
    private readonly ConcurrentDictionary<string, int> _retries = new ConcurrentDictionary<string, int>();

    public int Fail(string operation) => _retries.AddOrUpdate(operation, 1, (_, n) => n + 1);

    public void Succeed(string operation) => _retries.TryRemove(operation, out _);
}
