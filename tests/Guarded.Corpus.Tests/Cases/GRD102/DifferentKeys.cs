// case: alias registration checks the canonical key and writes the alias
// quiet
using System.Collections.Concurrent;

public sealed class CommandAliases
{
    private readonly ConcurrentDictionary<string, string> _commands = new ConcurrentDictionary<string, string>();

    public void Register(string name, string handler) => _commands[name] = handler;

    public bool Alias(string alias, string canonical)
    {
        if (!_commands.TryGetValue(canonical, out var handler))
        {
            return false;
        }

        _commands[alias] = handler;
        return true;
    }
}
