using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Analyzers.Model;

/// <summary>
/// A rule that judges one type at a time from the type's shared concurrency model. The package runs every such rule
/// from <see cref="GuardedAnalyzer"/>; run on its own (as the rule's tests do), the rule registers the same type
/// analysis for itself alone.
/// </summary>
public abstract class TypeModelAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationStart =>
            SharedTypeModels.RegisterTypeAnalysis(compilationStart, WellKnownTypes.Create(compilationStart.Compilation), AnalyzeType));
    }

    /// <summary>Reports the rule's findings in the type that <paramref name="model"/> describes.</summary>
    internal abstract void AnalyzeType(TypeConcurrencyModel model, RuleContext context);
}
