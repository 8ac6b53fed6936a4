using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.AnalyzerBenchmarks.Measurement;

/// <summary>
/// The control of the benchmark: an analyzer that asks for every file's semantic model, as <c>GuardedAnalyzer</c> does,
/// and does nothing with it. What it costs over a plain compile is the analyzer driver's fixed price (compilation
/// events, the driver's own bookkeeping and its compilation of diagnostics through the event queue), which any
/// analyzer pays, and which every <c>dotnet build</c> with the SDK's analyzers on (the default) pays before Guarded.
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
        context.RegisterSemanticModelAction(_ => { });
    }
}
