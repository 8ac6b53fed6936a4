using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Analyzers.Model;

/// <summary>
/// The concurrency model of each type, built once and shared by every rule that analyses the type in the same
/// compilation, instead of once per rule.
/// </summary>
/// <remarks>
/// Keyed weakly by the type's symbol: symbols belong to one compilation, so a model lives exactly as long as the
/// compilation that produced it and never leaks into the next one (an edit in the IDE creates new symbols). Two rules
/// that finish the same type at the same moment may both build it; the first model stored wins and both are equal.
/// </remarks>
internal static class SharedTypeModels
{
    private static readonly ConditionalWeakTable<INamedTypeSymbol, TypeConcurrencyModel> Models = new();
    private static readonly ConditionalWeakTable<INamedTypeSymbol, TypeConcurrencyModelBuilder> Builders = new();

    /// <summary>
    /// Registers <paramref name="analyzeType"/> for every class or struct of the compilation, on its shared model:
    /// code-block actions record the type's blocks into the builder shared by every rule (which binds only those that
    /// can matter), and the symbol-end action hands the shared model to the rule.
    /// </summary>
    public static void RegisterTypeAnalysis(
        CompilationStartAnalysisContext compilationStart,
        WellKnownTypes types,
        Action<TypeConcurrencyModel, RuleContext> analyzeType)
    {
        var vocabulary = ConcurrencyVocabulary.For(compilationStart.Compilation, types);
        compilationStart.RegisterSymbolStartAction(
            symbolStart =>
            {
                var type = (INamedTypeSymbol)symbolStart.Symbol;
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsImplicitlyDeclared)
                {
                    return;
                }

                var builder = BuilderFor(type, compilationStart.Compilation, types, vocabulary);
                symbolStart.RegisterCodeBlockAction(builder.AddCodeBlock);
                symbolStart.RegisterSymbolEndAction(symbolEnd =>
                {
                    var tree = type.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree;
                    if (tree is null)
                    {
                        return;
                    }

                    var scope = GuardedOptions.GetSharedStateScope(symbolEnd.Options, tree);
                    analyzeType(GetOrBuild(type, scope, builder, symbolEnd.CancellationToken), new RuleContext(symbolEnd.ReportDiagnostic, symbolEnd.CancellationToken));
                });
            },
            SymbolKind.NamedType);
    }

    /// <summary>The one builder that records <paramref name="type"/>'s code blocks for every rule.</summary>
    private static TypeConcurrencyModelBuilder BuilderFor(INamedTypeSymbol type, Compilation compilation, WellKnownTypes types, ConcurrencyVocabulary vocabulary) =>
        Builders.GetValue(type, t => new TypeConcurrencyModelBuilder(t, compilation, types, vocabulary));

    /// <summary>The shared model of <paramref name="type"/>, built from <paramref name="builder"/> by the first rule that asks.</summary>
    private static TypeConcurrencyModel GetOrBuild(INamedTypeSymbol type, SharedStateScope scope, TypeConcurrencyModelBuilder builder, CancellationToken cancellationToken)
    {
        if (Models.TryGetValue(type, out var shared) && shared.Scope == scope)
        {
            return shared;
        }

        var built = builder.Build(scope, cancellationToken);
        var stored = Models.GetValue(type, _ => built);
        return stored.Scope == scope ? stored : built;
    }
}
