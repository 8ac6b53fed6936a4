// case: query cache read without the lock its writer holds
using System.Collections.Generic;

public sealed class QueryCache
{
    private readonly Dictionary<string, string> _cache = new Dictionary<string, string>();
    private readonly object _cacheLock = new object();

    public void Put(string question, string answer)
    {
        lock (_cacheLock)
        {
            _cache[question] = answer;
        }
    }

    public string? TryAnswer(string question)
    {
        // Fast path: no lock needed for a read (or so we thought).
        if (_cache.ContainsKey(question)) // expect: GRD201
        {
            return _cache[question]; // expect: GRD201
        }

        return null;
    }
}
