using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Guarded.AnalyzerBenchmarks.Generation;
using Guarded.AnalyzerBenchmarks.Measurement;
using Guarded.Corpus.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Guarded.Corpus.Tests;

/// <summary>
/// The analyzer benchmark's input and harness at a small size: the generated code base is deterministic, compiles,
/// covers every rule, and Guarded reports exactly the findings the generator planted, rule by rule and line by line.
/// If the generator drifts from what the analyzers report, the benchmark's "findings (planted)" column would lie.
/// </summary>
public sealed class GeneratedCodeBaseTests
{
    private const int SmallSize = 2_000;

    [Fact]
    public void Generator_IsDeterministic_AndReachesTheRequestedSize()
    {
        var first = CodeBaseGenerator.Generate(SmallSize, seed: 42);
        var second = CodeBaseGenerator.Generate(SmallSize, seed: 42);
        var other = CodeBaseGenerator.Generate(SmallSize, seed: 43);

        Assert.Equal(first.Files.Select(f => (f.Path, f.Text)), second.Files.Select(f => (f.Path, f.Text)));
        Assert.NotEqual(first.Files.Select(f => f.Text), other.Files.Select(f => f.Text));
        Assert.InRange(first.RealLines, SmallSize, SmallSize + 200);
        Assert.Equal(first.RealLines, first.Files.Sum(f => CodeBaseGenerator.CountRealLines(f.Text)));
        Assert.Equal(first.PlantedTotal, first.Files.Sum(f => GeneratedCodeBase.PlantedMarker.Matches(f.Text).Count));
    }

    [Fact]
    public void Generator_PlantsEveryRule_AtBenchmarkSize()
    {
        var codeBase = CodeBaseGenerator.Generate(25_000);

        Assert.Equal(CorpusCompiler.RuleIds, codeBase.PlantedByRule.Keys.ToArray());
    }

    [Fact]
    public async Task SmallCodeBase_Compiles_AndGuardedReportsExactlyThePlantedFindings()
    {
        var codeBase = CodeBaseGenerator.Generate(SmallSize, seed: 7);
        var input = CompilationInput.FromGenerated("Smoke", codeBase);

        var (_, compilerDiagnostics) = await AnalyzerCostHarness.CompileAsync(new[] { input }, default);
        var errors = compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        var run = await AnalyzerCostHarness.AnalyzeLoggedAsync(new[] { input }, CorpusCompiler.Analyzers, concurrent: false, default);
        var reported = run.Diagnostics.Select(d => (File: d.Location.SourceTree!.FilePath, Line: CorpusCompiler.LineOf(d), d.Id)).ToList();
        var planted = Planted(codeBase).ToList();

        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "AD0001");
        Assert.NotEmpty(planted);
        var missing = planted.Except(reported).Select(p => $"missing {p.Id} at {p.File}({p.Line})");
        var unexpected = reported.Except(planted).Select(r => $"unexpected {r.Id} at {r.File}({r.Line})");
        var differences = missing.Concat(unexpected).ToList();
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));

        var reportedByRule = reported.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(codeBase.PlantedByRule.ToDictionary(p => p.Key, p => p.Value), reportedByRule);
        Assert.Equal(CorpusCompiler.Analyzers.Length, run.AnalyzerTimes.Count);
    }

    [Fact]
    public async Task Harness_MeasuresEveryRound_AndCountsThePlantedFindings()
    {
        var codeBase = CodeBaseGenerator.Generate(SmallSize / 2, seed: 11);
        var input = CompilationInput.FromGenerated("Smoke", codeBase);

        var measurement = await AnalyzerCostHarness.MeasureAsync("smoke", new[] { input }, CorpusCompiler.Analyzers, new HarnessSettings(WarmupPairs: 0, MeasuredPairs: 1, Concurrent: false));

        Assert.Equal(0, measurement.CompilerErrors);
        Assert.Equal(0, measurement.AnalyzerExceptions);
        Assert.Equal(codeBase.RealLines, measurement.RealLines);
        Assert.Equal(codeBase.Files.Length, measurement.Files);
        Assert.Equal(codeBase.PlantedByRule, measurement.FindingsByRule);
        var sample = Assert.Single(measurement.Samples);
        Assert.True(sample.Compile.Wall > TimeSpan.Zero && sample.CompileWithBaseline.Wall > TimeSpan.Zero && sample.CompileWithAnalyzers.Wall > TimeSpan.Zero);
    }

    private static IEnumerable<(string File, int Line, string Id)> Planted(GeneratedCodeBase codeBase)
    {
        foreach (var file in codeBase.Files)
        {
            var lines = file.Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (System.Text.RegularExpressions.Match match in GeneratedCodeBase.PlantedMarker.Matches(lines[i]))
                {
                    yield return (file.Path, i + 1, match.Groups["id"].Value);
                }
            }
        }
    }

    private static string Describe(Diagnostic diagnostic) =>
        $"{diagnostic.Location.SourceTree?.FilePath}({CorpusCompiler.LineOf(diagnostic)}): {diagnostic.Id} {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
}
