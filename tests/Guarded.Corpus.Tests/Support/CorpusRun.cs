using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Guarded.Corpus.Tests.Support;

/// <summary>A case compiled and analyzed once, shared by the tests that only read the results.</summary>
internal sealed record CorpusRun(CorpusCase Case, ImmutableArray<Diagnostic> CompilerErrors, ImmutableArray<Diagnostic> Findings, ImmutableArray<Diagnostic> AnalyzerExceptions)
{
    private static readonly Lazy<Task<ImmutableArray<CorpusRun>>> s_all = new(RunAllAsync);

    public static Task<ImmutableArray<CorpusRun>> AllAsync() => s_all.Value;

    private static async Task<ImmutableArray<CorpusRun>> RunAllAsync()
    {
        // Two cores are shared: two cases at a time, each analyzed without internal concurrency.
        var runs = new CorpusRun[CorpusCase.All.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, runs.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 2 },
            async (i, ct) => runs[i] = await RunAsync(CorpusCase.All[i]));
        return runs.ToImmutableArray();
    }

    public static async Task<CorpusRun> RunAsync(CorpusCase @case)
    {
        var compilation = CorpusCompiler.Compile(@case.RelativePath, @case.Text);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        var diagnostics = await CorpusCompiler.AnalyzeAsync(compilation);
        return new CorpusRun(
            @case,
            errors,
            diagnostics.Where(d => d.Id.StartsWith("GRD", StringComparison.Ordinal)).ToImmutableArray(),
            diagnostics.Where(d => d.Id == "AD0001").ToImmutableArray());
    }
}
