// Seed incident: the RAG query cache read without the lock its writer held. The menu assistant cached answers
// per normalised question; the writer took the cache lock, the fast path did not, and under load readers saw a
// dictionary in the middle of a resize. The compute path checked, asked the model, then added, so two callers
// with the same question both paid for the model call and the second Add threw.
namespace Cafe.Rag;

/// <summary>
/// Caches answers of the menu assistant ("is the oat flat white vegan?") per normalised question.
/// </summary>
public sealed class QueryCache
{
    private readonly Dictionary<string, string> _cache = new(StringComparer.Ordinal);
    private readonly object _cacheLock = new();
    private readonly int _capacity;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> answers.</summary>
    public QueryCache(int capacity = 1024)
    {
        _capacity = capacity;
    }

    /// <summary>Stores the answer to <paramref name="question"/>.</summary>
    public void Put(string question, string answer)
    {
        string key = Normalize(question);
        lock (_cacheLock)
        {
            if (_cache.Count >= _capacity)
            {
                _cache.Clear();
            }

            _cache[key] = answer;
        }
    }

    /// <summary>Returns the cached answer to <paramref name="question"/>, or <see langword="null"/>.</summary>
    public string? TryAnswer(string question)
    {
        string key = Normalize(question);
        lock (_cacheLock)
        {
            if (_cache.ContainsKey(key))
            {
                return _cache[key];
            }
        }

        return null;
    }

    /// <summary>Returns the cached answer, asking <paramref name="compute"/> on a miss and caching its answer.</summary>
    public string GetOrCompute(string question, Func<string, string> compute)
    {
        string key = Normalize(question);
        lock (_cacheLock)
        {
            if (_cache.ContainsKey(key))
            {
                return _cache[key];
            }

            string answer = compute(question);
            _cache.Add(key, answer);
            return answer;
        }
    }

    /// <summary>Drops every cached answer, e.g. after the menu changed.</summary>
    public void Clear()
    {
        lock (_cacheLock)
        {
            _cache.Clear();
        }
    }

    private static string Normalize(string question)
    {
        return string.Join(' ', question.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim().ToUpperInvariant();
    }
}
