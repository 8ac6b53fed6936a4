using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Analyzers.Model;

/// <summary>
/// The skeleton every concurrency rule shares: per type, a symbol-start action records the type's operation blocks,
/// and the symbol-end action hands the type's concurrency model (built once per type, shared by all rules) to the rule.
/// </summary>
public abstract class TypeModelAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationStart =>
        {
            var types = WellKnownTypes.Create(compilationStart.Compilation);
            compilationStart.RegisterSymbolStartAction(
                symbolStart =>
                {
                    var type = (INamedTypeSymbol)symbolStart.Symbol;
                    if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsImplicitlyDeclared)
                    {
                        return;
                    }

                    var builder = new TypeConcurrencyModelBuilder(type, types);
                    symbolStart.RegisterOperationBlockAction(builder.AddOperationBlock);
                    symbolStart.RegisterSymbolEndAction(symbolEnd =>
                    {
                        var tree = type.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree;
                        if (tree is null)
                        {
                            return;
                        }

                        var scope = GuardedOptions.GetSharedStateScope(symbolEnd.Options, tree);
                        AnalyzeType(SharedTypeModels.GetOrBuild(type, scope, builder, symbolEnd.CancellationToken), symbolEnd);
                    });
                },
                SymbolKind.NamedType);
        });
    }

    private protected abstract void AnalyzeType(TypeConcurrencyModel model, SymbolAnalysisContext context);
}
