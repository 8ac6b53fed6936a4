using System.Collections.Concurrent;

namespace Cafe.Util;

/// <summary>Counts how often each item is ordered, from every till at once, using atomic dictionary updates.</summary>
public sealed class ItemPopularity
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstOrdered = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records one order of <paramref name="item"/> at <paramref name="at"/>.</summary>
    public void Record(string item, DateTimeOffset at)
    {
        _counts.AddOrUpdate(item, 1, static (_, count) => count + 1);
        _firstOrdered.GetOrAdd(item, at);
    }

    /// <summary>How often <paramref name="item"/> was ordered.</summary>
    public int CountOf(string item)
    {
        return _counts.TryGetValue(item, out int count) ? count : 0;
    }

    /// <summary>The <paramref name="top"/> most ordered items.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Top(int top)
    {
        return _counts.ToArray().OrderByDescending(entry => entry.Value).Take(top).ToList();
    }
}
