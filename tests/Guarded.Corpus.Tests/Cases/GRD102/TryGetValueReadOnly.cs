// case: read path uses TryGetValue and never writes
// quiet
using System.Collections.Concurrent;

public sealed class UserDirectory
{
    private readonly ConcurrentDictionary<int, string> _names = new ConcurrentDictionary<int, string>();

    public void Upsert(int id, string name) => _names[id] = name;

    public string DisplayName(int id)
    {
        if (_names.TryGetValue(id, out var name))
        {
            return name;
        }

        return "user #" + id;
    }
}
