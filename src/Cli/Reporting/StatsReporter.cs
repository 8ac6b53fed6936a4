using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Guarded.Cli.Analysis;

namespace Guarded.Cli.Reporting;

/// <summary>The <c>--stats</c> table: findings per rule and analyzer execution time, for auditing large code bases.</summary>
internal static class StatsReporter
{
    public static void Write(TextWriter output, AnalysisReport report, AnalysisTiming timing)
    {
        var counts = report.Findings.GroupBy(f => f.Id).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        output.WriteLine();
        output.WriteLine("Rule    Findings  Analyzer time (ms)");
        foreach (var rule in report.Rules.Where(r => r.Id != AnalysisRunner.AnalyzerExceptionId))
        {
            counts.TryGetValue(rule.Id, out int count);
            string time = timing.ByRule.TryGetValue(rule.Id, out TimeSpan own)
                ? own.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)
                : timing.SharedByAnalyzer.Any(a => a.Value.RuleIds.Contains(rule.Id, StringComparer.Ordinal)) ? "shared" : "0.0";
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-7} {1,8}  {2,18}", rule.Id, count, time));
        }

        // Roslyn times analyzers, not rules: a rule hosted with others shares its analyzer's time.
        foreach (var shared in timing.SharedByAnalyzer.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            output.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0} ({1} rules, {2}–{3}): {4:F1} ms of execution time.",
                shared.Key,
                shared.Value.RuleIds.Count,
                shared.Value.RuleIds[0],
                shared.Value.RuleIds[shared.Value.RuleIds.Count - 1],
                shared.Value.Time.TotalMilliseconds));
        }

        output.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "Analyzers: {0:F1} ms of execution time; analysis wall time {1:F1} ms for {2} files in {3} projects.",
            timing.AllAnalyzers.TotalMilliseconds,
            timing.WallTime.TotalMilliseconds,
            report.FileCount,
            report.ProjectCount));
    }
}
