// case: a registry refuses a duplicate name and names the existing entry in the exception it throws: a removal in between changes which exception, not whether one is thrown
// quiet
using System;
using System.Collections.Concurrent;

public sealed class TypeAliases
{
    private readonly ConcurrentDictionary<string, Type> _typesByAlias = new ConcurrentDictionary<string, Type>();

    public void Add(string alias, Type type)
    {
        if (_typesByAlias.ContainsKey(alias))
        {
            throw new ArgumentException($"The alias '{alias}' already names {_typesByAlias[alias]}.", nameof(alias));
        }

        if (!_typesByAlias.TryAdd(alias, type))
        {
            throw new ArgumentException($"The alias '{alias}' was added meanwhile.", nameof(alias));
        }
    }

    public bool Remove(string alias) => _typesByAlias.TryRemove(alias, out _);
}
