using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.AnalyzerBenchmarks.Measurement;

/// <summary>
/// The control of the benchmark: an analyzer that subscribes to what <c>GuardedAnalyzer</c> subscribes to (per type a
/// symbol-start action with a code-block action and a symbol-end action; a code-block action for every code block)
/// and does nothing in them. What it costs over a plain compile is the analyzer driver's own price for those
/// callbacks (compilation events, semantic models, the declarations of every member), which any analyzer with the
/// same subscriptions pays before it does any work of its own.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DriverBaselineAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new(
        "BASELINE",
        "Never reported",
        "Never reported",
        "Benchmark",
        DiagnosticSeverity.Hidden,
        isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationStart =>
        {
            compilationStart.RegisterSymbolStartAction(
                symbolStart =>
                {
                    symbolStart.RegisterCodeBlockAction(_ => { });
                    symbolStart.RegisterSymbolEndAction(_ => { });
                },
                SymbolKind.NamedType);
            compilationStart.RegisterCodeBlockAction(_ => { });
        });
    }
}
