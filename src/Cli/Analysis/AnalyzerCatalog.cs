using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Analysis;

/// <summary>
/// Finds the Guarded analyzers by reflection: every concrete <see cref="DiagnosticAnalyzer"/> in the
/// <c>Guarded.Analyzers</c> assembly marked <c>[DiagnosticAnalyzer(LanguageNames.CSharp)]</c>, so a new rule needs
/// no change here.
/// </summary>
internal static class AnalyzerCatalog
{
    /// <summary>Name of the assembly holding the rules.</summary>
    internal const string AnalyzerAssemblyName = "Guarded.Analyzers";

    /// <summary>Creates one instance of every C# analyzer in the Guarded analyzer assembly.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> LoadGuardedAnalyzers()
    {
        return FromAssembly(Assembly.Load(new AssemblyName(AnalyzerAssemblyName)));
    }

    /// <summary>Creates one instance of every C# analyzer in <paramref name="assembly"/>, ordered by type name.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> FromAssembly(Assembly assembly) =>
        ExtensionTypes.CreateAll<DiagnosticAnalyzer>(
            assembly,
            type => type.GetCustomAttributes<DiagnosticAnalyzerAttribute>(inherit: false)
                .Any(attribute => attribute.Languages.Contains(LanguageNames.CSharp)));
}
