using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
/// Precision and recall of the analyzers over a labelled corpus of realistic code: every <c>// expect: GRDnnn</c>
/// label is a finding the rule's documentation promises, and every unlabelled line must stay quiet.
/// </summary>
public sealed class CorpusTests
{
    private const double MinimumPrecision = 1.0;
    private const double MinimumRecall = 1.0;

    private readonly ITestOutputHelper _output;

    public CorpusTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void EveryCase_IsNamedAndLabelledConsistently()
    {
        Assert.NotEmpty(CorpusCase.All);
        var problems = new List<string>();
        foreach (var @case in CorpusCase.All)
        {
            if (@case.Name.Length == 0)
            {
                problems.Add($"{@case.RelativePath}: no '// case:' header");
            }

            if (@case.Quiet == !@case.Expected.IsEmpty)
            {
                problems.Add($"{@case.RelativePath}: {(@case.Quiet ? "marked quiet but has expect labels" : "neither quiet nor labelled")}");
            }

            problems.AddRange(@case.Expected.Where(e => !CorpusCompiler.RuleIds.Contains(e.Id)).Select(e => $"{@case.RelativePath}({e.Line}): unknown rule {e.Id}"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task EveryCase_CompilesWithoutErrors_AndNoAnalyzerThrows()
    {
        var runs = await CorpusRun.AllAsync();
        var problems = runs.SelectMany(r => r.CompilerErrors.Concat(r.AnalyzerExceptions).Select(d => $"{r.Case.RelativePath}({CorpusCompiler.LineOf(d)}): {d.Id} {d.GetMessage(CultureInfo.InvariantCulture)}")).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>The package runs every rule from one hosting analyzer; the rules' own tests run each rule alone.</summary>
    [Fact]
    public async Task TheShippedAnalyzer_ReportsExactlyWhatEachRuleReportsAlone()
    {
        var differences = new List<string>();
        foreach (var @case in CorpusCase.All)
        {
            var compilation = CorpusCompiler.Compile(@case.RelativePath, @case.Text);
            var hosted = Describe(await CorpusCompiler.AnalyzeAsync(compilation));
            var alone = Describe(await CorpusCompiler.AnalyzeAsync(compilation, analyzers: CorpusCompiler.RuleAnalyzers));
            differences.AddRange(hosted.Except(alone).Select(d => $"{@case.RelativePath}: only hosted: {d}"));
            differences.AddRange(alone.Except(hosted).Select(d => $"{@case.RelativePath}: only alone: {d}"));
        }

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));

        static List<string> Describe(ImmutableArray<Diagnostic> diagnostics) => diagnostics
            .Select(d => $"{d.Id} {d.Location.SourceSpan} {d.GetMessage(CultureInfo.InvariantCulture)} [{string.Join(", ", d.AdditionalLocations.Select(l => l.SourceSpan))}]")
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public async Task PrecisionAndRecall()
    {
        var runs = await CorpusRun.AllAsync();
        Assert.All(runs, r => Assert.Empty(r.CompilerErrors));
        Assert.All(runs, r => Assert.Empty(r.AnalyzerExceptions));

        var counts = CorpusCompiler.RuleIds.ToDictionary(id => id, _ => new RuleCounts());
        var mismatches = new List<string>();
        foreach (var run in runs)
        {
            var expected = run.Case.Expected.Select(e => (e.Line, e.Id)).ToList();
            var actual = run.Findings.Select(d => (Line: CorpusCompiler.LineOf(d), d.Id)).ToList();

            // Multiset matching by (line, id): a label is consumed by one diagnostic.
            foreach (var group in expected.Concat(actual).Distinct())
            {
                var e = expected.Count(x => x == group);
                var a = actual.Count(x => x == group);
                var rule = counts.TryGetValue(group.Id, out var c) ? c : counts[group.Id] = new RuleCounts();
                rule.TruePositives += Math.Min(e, a);
                rule.FalsePositives += Math.Max(0, a - e);
                rule.FalseNegatives += Math.Max(0, e - a);
                if (a > e)
                {
                    var message = run.Findings.First(d => CorpusCompiler.LineOf(d) == group.Line && d.Id == group.Id).GetMessage(CultureInfo.InvariantCulture);
                    mismatches.Add($"FP {run.Case.RelativePath}({group.Line}): {group.Id} reported, not labelled — {message}");
                }
                else if (e > a)
                {
                    var other = string.Join(", ", actual.Where(x => x.Line == group.Line).Select(x => x.Id));
                    mismatches.Add($"FN {run.Case.RelativePath}({group.Line}): {group.Id} labelled, not reported{(other.Length > 0 ? $" (reported there: {other})" : string.Empty)}");
                }
            }

            counts[run.Case.Rule].Cases++;
            if (run.Case.Quiet)
            {
                counts[run.Case.Rule].QuietCases++;
            }
        }

        var total = new RuleCounts
        {
            Cases = counts.Values.Sum(c => c.Cases),
            QuietCases = counts.Values.Sum(c => c.QuietCases),
            TruePositives = counts.Values.Sum(c => c.TruePositives),
            FalsePositives = counts.Values.Sum(c => c.FalsePositives),
            FalseNegatives = counts.Values.Sum(c => c.FalseNegatives),
        };

        var report = new StringBuilder();
        report.AppendLine("# Guarded corpus: precision and recall");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{runs.Length} cases, {total.TruePositives + total.FalseNegatives} labelled findings.");
        report.AppendLine();
        report.AppendLine("| Rule | Cases filed under it (quiet) | TP | FP | FN | Precision | Recall |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (id, c) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            report.AppendLine(c.Row(id));
        }

        report.AppendLine(total.Row("**Total**"));
        report.AppendLine();
        if (mismatches.Count > 0)
        {
            report.AppendLine("## Disagreements with the labels");
            report.AppendLine();
            foreach (var mismatch in mismatches)
            {
                report.AppendLine("- " + mismatch);
            }
        }

        var text = report.ToString();
        _output.WriteLine(text);
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "corpus-report.md"), text);

        Assert.True(total.Precision >= MinimumPrecision, $"Overall precision {total.Precision:P1} is below {MinimumPrecision:P0}.{Environment.NewLine}{text}");
        Assert.True(total.Recall >= MinimumRecall, $"Overall recall {total.Recall:P1} is below {MinimumRecall:P0}.{Environment.NewLine}{text}");
    }

    private sealed class RuleCounts
    {
        public int Cases { get; set; }

        public int QuietCases { get; set; }

        public int TruePositives { get; set; }

        public int FalsePositives { get; set; }

        public int FalseNegatives { get; set; }

        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

        public string Row(string id) => string.Create(
            CultureInfo.InvariantCulture,
            $"| {id} | {Cases} ({QuietCases}) | {TruePositives} | {FalsePositives} | {FalseNegatives} | {Precision:0.000} | {Recall:0.000} |");
    }
}
