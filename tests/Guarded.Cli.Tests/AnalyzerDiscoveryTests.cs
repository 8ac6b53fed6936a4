using System.Collections.Immutable;
using Guarded.Cli.Analysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Tests;

public sealed class AnalyzerDiscoveryTests
{
    [Fact]
    public void GuardedAnalyzers_AreDiscoveredByReflection()
    {
        ImmutableArray<DiagnosticAnalyzer> analyzers = AnalyzerCatalog.LoadGuardedAnalyzers();

        Assert.NotEmpty(analyzers);
        Assert.All(analyzers, a => Assert.Equal("Guarded.Analyzers", a.GetType().Assembly.GetName().Name));
        Assert.Contains(analyzers.SelectMany(a => a.SupportedDiagnostics), d => d.Id == "GRD101");
    }

    [Fact]
    public void Discovery_TakesOnlyConcreteCSharpAnalyzers()
    {
        ImmutableArray<DiagnosticAnalyzer> analyzers = AnalyzerCatalog.FromAssembly(typeof(AnalyzerDiscoveryTests).Assembly);

        Assert.Equal(
            ["Guarded.Cli.Tests.Support.ContainsKeyTestAnalyzer", "Guarded.Cli.Tests.Support.ThrowingTestAnalyzer"],
            analyzers.Select(a => a.GetType().FullName!).ToArray());
    }
}
