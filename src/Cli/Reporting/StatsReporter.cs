using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Guarded.Cli.Analysis;

namespace Guarded.Cli.Reporting;

/// <summary>The <c>--stats</c> table: findings and analyzer execution time per rule, for auditing large code bases.</summary>
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
            timing.ByRule.TryGetValue(rule.Id, out TimeSpan time);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-7} {1,8}  {2,18:F1}", rule.Id, count, time.TotalMilliseconds));
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
