using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Corpus.Tests.Support;
using Microsoft.CodeAnalysis.CSharp;

namespace Guarded.Corpus.Tests;

/// <summary>
/// The analyzers and the code fixes survive every case cut off or with tokens deleted, as code is while someone
/// types, and analysis stops with cancellation when asked to.
/// </summary>
public sealed class RobustnessTests
{
    private const int Seed = 20260412;

    [Fact]
    public async Task MangledCases_NoAnalyzerOrFixerThrows()
    {
        var variants = new List<(string Name, string Text)>();
        var random = new Random(Seed);
        foreach (var @case in CorpusCase.All)
        {
            var text = @case.Text;
            var tokens = CSharpSyntaxTree.ParseText(text, CorpusCompiler.ParseOptions).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
            for (var i = 0; i < 2; i++)
            {
                var cut = random.Next(text.Length);
                variants.Add(($"{@case.RelativePath} cut at {cut}", text.Substring(0, cut)));

                var first = random.Next(tokens.Count);
                var last = Math.Min(tokens.Count - 1, first + random.Next(0, 3));
                var start = tokens[first].SpanStart;
                var end = tokens[last].Span.End;
                variants.Add(($"{@case.RelativePath} without tokens {first}..{last}", text.Remove(start, end - start)));
            }
        }

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(variants, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (variant, ct) =>
        {
            var document = CaseWorkspace.CreateDocument("Variant.cs", variant.Text);
            var diagnostics = await CaseWorkspace.AnalyzeAsync(document, ct);
            foreach (var exception in diagnostics.Where(d => d.Id == "AD0001"))
            {
                failures.Add($"{variant.Name}: {exception.GetMessage(CultureInfo.InvariantCulture)}");
            }

            foreach (var diagnostic in diagnostics.Where(d => d.Id != "AD0001"))
            {
                await ApplyEveryFixAsync(variant.Name, document, diagnostic, failures, ct);
            }
        });

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.OrderBy(f => f, StringComparer.Ordinal)));
    }

    [Fact]
    public async Task DiagnosticsWithoutTheirProperties_NoFixerThrows()
    {
        // A host may hand a fixer a diagnostic rebuilt without the analyzer's properties: the fix is then not
        // offered, or offered from what the code shows, but never thrown.
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var stripped = 0;
        await Parallel.ForEachAsync(CorpusCase.All.Where(c => !c.Quiet), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (@case, ct) =>
        {
            var document = CaseWorkspace.CreateDocument("Case.cs", @case.Text);
            foreach (var original in (await CaseWorkspace.AnalyzeAsync(document, ct)).Where(d => d.Id != "AD0001" && !d.Properties.IsEmpty))
            {
                var diagnostic = Microsoft.CodeAnalysis.Diagnostic.Create(original.Descriptor, original.Location, original.AdditionalLocations);
                Interlocked.Increment(ref stripped);
                await ApplyEveryFixAsync(@case.RelativePath, document, diagnostic, failures, ct);
            }
        });

        Assert.True(stripped > 100, $"only {stripped} diagnostics had properties to strip");
        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.OrderBy(f => f, StringComparer.Ordinal)));
    }

    [Fact]
    public async Task CancelledAnalysis_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        foreach (var @case in CorpusCase.All.Where((_, i) => i % 8 == 0))
        {
            var compilation = CorpusCompiler.Compile(@case.RelativePath, @case.Text);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CorpusCompiler.AnalyzeAsync(compilation, cancellation.Token));
        }
    }

    /// <summary>Offers and applies every action of every fixer for <paramref name="diagnostic"/>; what throws goes to <paramref name="failures"/>.</summary>
    private static async Task ApplyEveryFixAsync(string name, Microsoft.CodeAnalysis.Document document, Microsoft.CodeAnalysis.Diagnostic diagnostic, System.Collections.Concurrent.ConcurrentBag<string> failures, CancellationToken cancellationToken)
    {
        foreach (var fixer in CorpusCompiler.Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            try
            {
                foreach (var action in await CaseWorkspace.FixesAsync(fixer, document, diagnostic, cancellationToken))
                {
                    await CaseWorkspace.ApplyAsync(action, document, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures.Add($"{name}: {fixer.GetType().Name} threw on {diagnostic.Id} at line {CorpusCompiler.LineOf(diagnostic)}: {exception.GetType().Name}: {exception.Message}");
            }
        }
    }
}
