using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.AnalyzerBenchmarks.Measurement;

/// <summary>
/// The control of the benchmark: an analyzer that subscribes to what the Guarded analyzers subscribe to (per type a
/// symbol-start action with an operation-block action and a symbol-end action; invocation operations) and does
/// nothing in them. What it costs over a plain compile is the analyzer driver's own price for operation-based
/// analysis (semantic models, bound trees and <c>IOperation</c> trees of every member, compilation events), which any
/// analyzer of that kind pays, and which a build that already runs the SDK's analyzers has paid before Guarded.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OperationBaselineAnalyzer : DiagnosticAnalyzer
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
                    symbolStart.RegisterOperationBlockAction(_ => { });
                    symbolStart.RegisterSymbolEndAction(_ => { });
                },
                SymbolKind.NamedType);
            compilationStart.RegisterOperationAction(_ => { }, OperationKind.Invocation);
        });
    }
}
