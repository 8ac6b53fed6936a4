using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.Cli.Fixing;

/// <summary>
/// Finds the Guarded code fixes by reflection, the way <see cref="Analysis.AnalyzerCatalog"/> finds the rules: every
/// concrete <see cref="CodeFixProvider"/> in <c>Guarded.CodeFixes</c> marked
/// <c>[ExportCodeFixProvider(LanguageNames.CSharp)]</c>, so a new fix needs no change here.
/// </summary>
internal static class CodeFixCatalog
{
    /// <summary>Name of the assembly holding the code fixes.</summary>
    internal const string CodeFixAssemblyName = "Guarded.CodeFixes";

    /// <summary>Creates one instance of every C# code fix provider in the Guarded code-fix assembly.</summary>
    public static ImmutableArray<CodeFixProvider> LoadGuardedCodeFixes()
    {
        return FromAssembly(Assembly.Load(new AssemblyName(CodeFixAssemblyName)));
    }

    /// <summary>Creates one instance of every exported C# code fix provider in <paramref name="assembly"/>, ordered by type name.</summary>
    public static ImmutableArray<CodeFixProvider> FromAssembly(Assembly assembly)
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
            .Where(IsCSharpCodeFix)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
            .ToImmutableArray();
    }

    private static bool IsCSharpCodeFix(Type type)
    {
        return type is { IsAbstract: false, IsGenericTypeDefinition: false }
            && typeof(CodeFixProvider).IsAssignableFrom(type)
            && type.GetConstructor(Type.EmptyTypes) is not null
            && type.GetCustomAttributes<ExportCodeFixProviderAttribute>(inherit: false)
                .Any(attribute => attribute.Languages.Contains(LanguageNames.CSharp));
    }
}
