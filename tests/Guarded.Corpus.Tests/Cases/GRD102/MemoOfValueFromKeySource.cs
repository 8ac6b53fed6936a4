// case: a memo keyed by a value read from an argument (a principal's id) stores a name read from the same argument: the same principal gives the same key and the same name
// quiet
using System.Collections.Concurrent;

public static class PrincipalNames
{
    private static readonly ConcurrentDictionary<string, string> s_namesById = new ConcurrentDictionary<string, string>();

    public static string NameOf(Principal principal)
    {
        if (principal.Id is not string id)
        {
            return principal.Name;
        }

        if (s_namesById.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var name = principal.Name.Trim();
        if (s_namesById.Count < 64)
        {
            s_namesById[id] = name;
        }

        return name;
    }
}

public sealed class Principal
{
    public string? Id { get; set; }

    public string Name { get; set; } = string.Empty;
}
