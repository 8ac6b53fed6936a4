using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;

namespace Guarded.Cli.Analysis;

/// <summary>Instantiates the Roslyn extensions (analyzers, code fixes) an assembly exports, by reflection.</summary>
internal static class ExtensionTypes
{
    /// <summary>
    /// One instance of every concrete, parameterless <typeparamref name="T"/> in <paramref name="assembly"/> that
    /// <paramref name="isCSharp"/> accepts (its export attribute names C#), ordered by type name. Types that fail to
    /// load are skipped.
    /// </summary>
    public static ImmutableArray<T> CreateAll<T>(Assembly assembly, Func<Type, bool> isCSharp)
        where T : class
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            types = exception.Types.Where(type => type is not null).ToArray()!;
        }

        return types
            .Where(type => type is { IsAbstract: false, IsGenericTypeDefinition: false }
                && typeof(T).IsAssignableFrom(type)
                && type.GetConstructor(Type.EmptyTypes) is not null
                && isCSharp(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (T)Activator.CreateInstance(type)!)
            .ToImmutableArray();
    }
}
