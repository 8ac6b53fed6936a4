using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Analyzers.Model;

/// <summary>
/// How the type rules get their types' concurrency models; for partial types spread over several files, the model
/// built once and shared by every rule that analyses the type in the same compilation.
/// </summary>
/// <remarks>
/// Shared models are keyed weakly by the type's symbol: symbols belong to one compilation, so a model lives exactly as long as the
/// compilation that produced it and never leaks into the next one (an edit in the IDE creates new symbols). Two rules
/// that finish the same type at the same moment may both build it; the first model stored wins and both are equal.
/// </remarks>
internal static class SharedTypeModels
{
    private static readonly ConditionalWeakTable<INamedTypeSymbol, TypeConcurrencyModel> Models = new();
    private static readonly ConditionalWeakTable<INamedTypeSymbol, TypeConcurrencyModelBuilder> Builders = new();

    /// <summary>
    /// Registers <paramref name="analyzeType"/> for every class or struct of the compilation, on its model.
    /// </summary>
    /// <remarks>
    /// A type declared in one file (nearly all of them) is modelled from one semantic-model action per file: its code
    /// blocks are found on the syntax and only those that may matter are bound, so the driver does no work per member.
    /// A partial type declared in several files can only be judged once all its files are analysed, so it takes the
    /// symbol-start path: code-block actions record its blocks into a builder shared by every rule, and the symbol-end
    /// action hands the shared model to the rule.
    /// </remarks>
    public static void RegisterTypeAnalysis(
        CompilationStartAnalysisContext compilationStart,
        WellKnownTypes types,
        Action<TypeConcurrencyModel, RuleContext> analyzeType)
    {
        var vocabulary = ConcurrencyVocabulary.For(compilationStart.Compilation, types);
        compilationStart.RegisterSemanticModelAction(semanticModelContext =>
        {
            var semanticModel = semanticModelContext.SemanticModel;
            var cancellationToken = semanticModelContext.CancellationToken;
            var tree = semanticModel.SyntaxTree;
            var scope = GuardedOptions.GetSharedStateScope(semanticModelContext.Options, tree);
            var context = new RuleContext(semanticModelContext.ReportDiagnostic, cancellationToken);
            foreach (var declaration in TreeCodeBlocks.TypesOf(tree.GetRoot(cancellationToken)))
            {
                if (semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol type && IsModelled(type) &&
                    type.DeclaringSyntaxReferences.Length == 1)
                {
                    var builder = new TypeConcurrencyModelBuilder(type, types, vocabulary);
                    TreeCodeBlocks.RecordType(declaration, type, builder, semanticModel, cancellationToken);
                    analyzeType(builder.Build(scope, cancellationToken), context);
                }
            }
        });

        compilationStart.RegisterSymbolStartAction(
            symbolStart =>
            {
                var type = (INamedTypeSymbol)symbolStart.Symbol;
                if (!IsModelled(type) || type.DeclaringSyntaxReferences.Length < 2)
                {
                    return;
                }

                var builder = BuilderFor(type, types, vocabulary);
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

    private static bool IsModelled(INamedTypeSymbol type) =>
        type.TypeKind is TypeKind.Class or TypeKind.Struct && !type.IsImplicitlyDeclared;

    /// <summary>The one builder that records <paramref name="type"/>'s code blocks for every rule.</summary>
    private static TypeConcurrencyModelBuilder BuilderFor(INamedTypeSymbol type, WellKnownTypes types, ConcurrencyVocabulary vocabulary) =>
        Builders.GetValue(type, t => new TypeConcurrencyModelBuilder(t, types, vocabulary));

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
