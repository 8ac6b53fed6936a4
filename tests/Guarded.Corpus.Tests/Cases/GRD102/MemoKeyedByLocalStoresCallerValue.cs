// case: a memo keyed by a local stores a value that comes from another argument: two callers with the same key store different values
using System.Collections.Concurrent;

public sealed class DisplayNames
{
    private static readonly ConcurrentDictionary<string, string> s_names = new ConcurrentDictionary<string, string>();

    public string NameFor(Account account, string fallback)
    {
        var id = account.Id;
        if (!s_names.TryGetValue(id, out var name)) // expect: GRD102
        {
            name = fallback.Trim();
            s_names[id] = name;
        }

        return name;
    }
}

public sealed class Account
{
    public string Id { get; set; } = string.Empty;
}
