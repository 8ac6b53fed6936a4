using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Guarded.Corpus.Tests.Support;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace Guarded.Corpus.Tests;

/// <summary>
/// Every fix the code fixes offer over the corpus produces code that compiles, removes the finding it was offered
/// for, and — applied as Fix All per document — converges: a second Fix All changes nothing.
/// </summary>
public sealed class FixCorrectnessTests
{
    private readonly ITestOutputHelper _output;

    public FixCorrectnessTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task EveryOfferedFix_Compiles_RemovesItsFinding_AndFixAllConverges()
    {
        var runs = (await CorpusRun.AllAsync()).Where(r => !r.Findings.IsEmpty && r.CompilerErrors.IsEmpty).ToList();
        var stats = new ConcurrentDictionary<string, FixCounts>(StringComparer.Ordinal);
        var failures = new ConcurrentBag<string>();

        await Parallel.ForEachAsync(runs, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (run, ct) =>
        {
            var path = run.Case.RelativePath;
            var document = CaseWorkspace.CreateDocument(path, run.Case.Text);
            var diagnostics = (await CaseWorkspace.AnalyzeAsync(document, ct)).Where(d => d.Id != "AD0001").ToList();
            var keys = new HashSet<(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider Fixer, string? Key)>();
            foreach (var diagnostic in diagnostics)
            {
                var counts = stats.GetOrAdd(diagnostic.Id, _ => new FixCounts());
                counts.Increment(ref counts.Findings);
                var where = $"{path}({CorpusCompiler.LineOf(diagnostic)}) {diagnostic.Id}";
                foreach (var fixer in CorpusCompiler.Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    // Every action offered (the lock, the atomic API, the runtime rewrite), not only the first.
                    foreach (var action in await CaseWorkspace.FixesAsync(fixer, document, diagnostic, ct))
                    {
                        keys.Add((fixer, action.EquivalenceKey));
                        counts.Increment(ref counts.Offered);
                        var fixedDocument = await CaseWorkspace.ApplyAsync(action, document, ct);
                        if (fixedDocument is null)
                        {
                            failures.Add($"{where}: '{action.Title}' produced no change");
                            continue;
                        }

                        if (await VerifyAsync(where, $"'{action.Title}'", diagnostic.Id, diagnostics, fixedDocument, failures))
                        {
                            counts.Increment(ref counts.Verified);
                        }
                    }
                }
            }

            // Fix All in the document, once per fixer and equivalence key offered.
            foreach (var (fixer, key) in keys)
            {
                var name = fixer.GetType().Name;
                var counts = stats.GetOrAdd(fixer.FixableDiagnosticIds[0], _ => new FixCounts());
                counts.Increment(ref counts.FixAllRuns);
                var where = $"{path} Fix All {name} [{key}]";
                var once = await CaseWorkspace.FixAllAsync(fixer, key, document, ct);
                if (once is null)
                {
                    failures.Add($"{where}: Fix All offered nothing although a fix was offered");
                    continue;
                }

                var ok = true;
                foreach (var id in fixer.FixableDiagnosticIds.Where(id => diagnostics.Any(d => d.Id == id)))
                {
                    ok &= await VerifyAsync(where, "Fix All", id, diagnostics, once, failures);
                }

                var twice = await CaseWorkspace.FixAllAsync(fixer, key, once, ct);
                if (twice is not null && (await twice.GetTextAsync(ct)).ToString() != (await once.GetTextAsync(ct)).ToString())
                {
                    failures.Add($"{where}: a second Fix All changed the code again");
                    ok = false;
                }

                if (ok)
                {
                    counts.Increment(ref counts.FixAllVerified);
                }
            }
        });

        var report = new StringBuilder();
        report.AppendLine("# Guarded corpus: code fixes");
        report.AppendLine();
        report.AppendLine("| Rule | Findings | Fixes offered | Verified | Fix All runs | Fix All verified |");
        report.AppendLine("|---|---|---|---|---|---|");
        foreach (var (id, c) in stats.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {id} | {c.Findings} | {c.Offered} | {c.Verified} | {c.FixAllRuns} | {c.FixAllVerified} |");
        }

        if (!failures.IsEmpty)
        {
            report.AppendLine();
            report.AppendLine("## Failures");
            report.AppendLine();
            foreach (var failure in failures.OrderBy(f => f, StringComparer.Ordinal))
            {
                report.AppendLine("- " + failure);
            }
        }

        var text = report.ToString();
        _output.WriteLine(text);
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "corpus-fixes.md"), text);

        Assert.True(stats.Values.Sum(c => c.Offered) > 0, "no fix was offered over the corpus");
        Assert.True(failures.IsEmpty, text);
    }

    /// <summary>No new compiler error, no analyzer exception, and fewer findings of the fixed rule than before.</summary>
    private static async Task<bool> VerifyAsync(string where, string what, string id, IReadOnlyList<Diagnostic> before, Document fixedDocument, ConcurrentBag<string> failures)
    {
        var ok = true;
        var errors = await CaseWorkspace.CompilerErrorsAsync(fixedDocument);
        if (!errors.IsEmpty)
        {
            failures.Add($"{where}: {what} does not compile: {string.Join("; ", errors.Take(3).Select(e => $"({CorpusCompiler.LineOf(e)}) {e.Id} {e.GetMessage(CultureInfo.InvariantCulture)}"))}");
            ok = false;
        }

        var after = await CaseWorkspace.AnalyzeAsync(fixedDocument);
        if (after.Any(d => d.Id == "AD0001"))
        {
            failures.Add($"{where}: {what} leaves code the analyzers throw on");
            ok = false;
        }

        var beforeCount = before.Count(d => d.Id == id);
        var afterCount = after.Count(d => d.Id == id);
        if (afterCount >= beforeCount)
        {
            var remaining = string.Join(", ", after.Where(d => d.Id == id).Select(d => CorpusCompiler.LineOf(d).ToString(CultureInfo.InvariantCulture)));
            failures.Add($"{where}: {what} leaves {afterCount} {id} finding(s) (before: {beforeCount}; now at lines {remaining})");
            ok = false;
        }

        return ok;
    }

    private sealed class FixCounts
    {
        public int Findings;
        public int Offered;
        public int Verified;
        public int FixAllRuns;
        public int FixAllVerified;

        public void Increment(ref int counter) => System.Threading.Interlocked.Increment(ref counter);
    }
}
