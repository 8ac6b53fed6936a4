// case: background worker groups a batch in a local dictionary
// quiet
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class BatchGrouper
{
    public Task<int> GroupAsync(IReadOnlyList<string> keys) => Task.Run(() => Group(keys));

    private static int Group(IReadOnlyList<string> keys)
    {
        var groups = new Dictionary<string, List<string>>();
        foreach (var key in keys)
        {
            var prefix = key.Length > 3 ? key.Substring(0, 3) : key;
            if (!groups.TryGetValue(prefix, out var group))
            {
                group = new List<string>();
                groups[prefix] = group;
            }

            group.Add(key);
        }

        return groups.Count;
    }
}
