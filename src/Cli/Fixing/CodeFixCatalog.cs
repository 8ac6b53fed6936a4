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
    public static ImmutableArray<CodeFixProvider> FromAssembly(Assembly assembly) =>
        Analysis.ExtensionTypes.CreateAll<CodeFixProvider>(
            assembly,
            type => type.GetCustomAttributes<ExportCodeFixProviderAttribute>(inherit: false)
                .Any(attribute => attribute.Languages.Contains(LanguageNames.CSharp)));
}
