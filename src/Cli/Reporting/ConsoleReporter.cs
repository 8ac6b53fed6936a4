using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Guarded.Cli.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Guarded.Cli.Reporting;

/// <summary>
/// Writes findings the way compilers do (<c>path:line:col: warning GRD101: message</c>), each followed by a code
/// frame, then a summary table by rule and the totals.
/// </summary>
internal sealed class ConsoleReporter
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Cyan = "\u001b[36m";
    private const int MaxTitleWidth = 64;

    private readonly TextWriter _output;
    private readonly bool _useColor;
    private readonly string _workingDirectory;

    /// <summary>Creates a reporter writing to <paramref name="output"/>.</summary>
    /// <param name="output">Where the report goes.</param>
    /// <param name="useColor">Whether to emit ANSI colors.</param>
    /// <param name="workingDirectory">Paths under this directory are printed relative to it.</param>
    public ConsoleReporter(TextWriter output, bool useColor, string workingDirectory)
    {
        _output = output;
        _useColor = useColor;
        _workingDirectory = workingDirectory;
    }

    /// <summary>Writes every finding, then the summary.</summary>
    public void Write(AnalysisReport report)
    {
        foreach (Finding finding in report.Findings)
        {
            WriteFinding(finding);
        }

        WriteSummary(report);
    }

    /// <summary>The label compilers use for a severity.</summary>
    internal static string SeverityLabel(DiagnosticSeverity severity)
    {
        return severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "info",
            _ => "hidden",
        };
    }

    private void WriteFinding(Finding finding)
    {
        string severity = Paint(SeverityLabel(finding.Severity), SeverityColor(finding.Severity) + Bold);
        string id = Paint(finding.Id, Bold);
        if (finding.Region is null)
        {
            _output.WriteLine($"{severity} {id}: {finding.Message}");
            _output.WriteLine();
            return;
        }

        SourceRegion region = finding.Region;
        _output.WriteLine($"{DisplayPath(region.Path)}:{region.StartLine}:{region.StartColumn}: {severity} {id}: {finding.Message}");
        if (finding.Source is not null)
        {
            WriteCodeFrame(finding.Source, region);
        }

        foreach (SourceRegion related in finding.AdditionalRegions)
        {
            _output.WriteLine(Paint($"    see also {DisplayPath(related.Path)}:{related.StartLine}:{related.StartColumn}", Dim));
        }

        _output.WriteLine();
    }

    private void WriteCodeFrame(SourceText text, SourceRegion region)
    {
        int lineIndex = region.StartLine - 1;
        if (lineIndex < 0 || lineIndex >= text.Lines.Count)
        {
            return;
        }

        int first = Math.Max(0, lineIndex - 1);
        int last = Math.Min(text.Lines.Count - 1, lineIndex + 1);
        int gutterWidth = (last + 1).ToString(CultureInfo.InvariantCulture).Length;
        for (int i = first; i <= last; i++)
        {
            string line = ExpandTabs(text.Lines[i].ToString());
            string number = (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(gutterWidth);
            string marker = i == lineIndex ? ">" : " ";
            _output.WriteLine($"  {marker} {Paint(number + " |", Dim)} {line}".TrimEnd());
            if (i == lineIndex)
            {
                string rawLine = text.Lines[i].ToString();
                int startColumn = Math.Clamp(region.StartColumn - 1, 0, rawLine.Length);
                int endColumn = region.EndLine == region.StartLine ? Math.Clamp(region.EndColumn - 1, startColumn, rawLine.Length) : rawLine.Length;
                int caretStart = ExpandTabs(rawLine[..startColumn]).Length;
                int caretLength = Math.Max(1, ExpandTabs(rawLine[..endColumn]).Length - caretStart);
                string underline = new string(' ', caretStart) + new string('^', caretLength);
                _output.WriteLine($"    {Paint(new string(' ', gutterWidth) + " |", Dim)} {Paint(underline, Red)}");
            }
        }
    }

    private void WriteSummary(AnalysisReport report)
    {
        string scope = $"{report.FileCount} file{Plural(report.FileCount)}, {report.ProjectCount} project{Plural(report.ProjectCount)}";
        if (report.Findings.Count == 0)
        {
            _output.WriteLine($"No findings in {scope}.");
            return;
        }

        var rows = report.Findings
            .GroupBy(f => f.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, Severity: SeverityLabel(g.Max(f => f.Severity)), Title: Truncate(g.First().Descriptor.Title.ToString(CultureInfo.InvariantCulture)), Count: g.Count()))
            .ToList();
        int idWidth = Math.Max("Rule".Length, rows.Max(r => r.Id.Length));
        int severityWidth = Math.Max("Severity".Length, rows.Max(r => r.Severity.Length));
        int titleWidth = Math.Max("Title".Length, rows.Max(r => r.Title.Length));
        int countWidth = Math.Max("Count".Length, rows.Max(r => r.Count.ToString(CultureInfo.InvariantCulture).Length));

        _output.WriteLine(Paint($"{"Rule".PadRight(idWidth)}  {"Severity".PadRight(severityWidth)}  {"Title".PadRight(titleWidth)}  {"Count".PadLeft(countWidth)}", Bold));
        foreach ((string id, string severity, string title, int count) in rows)
        {
            _output.WriteLine($"{id.PadRight(idWidth)}  {severity.PadRight(severityWidth)}  {title.PadRight(titleWidth)}  {count.ToString(CultureInfo.InvariantCulture).PadLeft(countWidth)}");
        }

        _output.WriteLine(new string('-', idWidth + severityWidth + titleWidth + countWidth + 6));
        int errors = report.Findings.Count(f => f.Severity == DiagnosticSeverity.Error);
        int warnings = report.Findings.Count(f => f.Severity == DiagnosticSeverity.Warning);
        int infos = report.Findings.Count(f => f.Severity == DiagnosticSeverity.Info);
        _output.WriteLine(
            $"{report.Findings.Count} finding{Plural(report.Findings.Count)}: {errors} error{Plural(errors)}, {warnings} warning{Plural(warnings)}, {infos} info, in {scope}.");
    }

    private string DisplayPath(string path)
    {
        string relative = Path.GetRelativePath(_workingDirectory, path);
        bool outside = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative);
        return outside ? path : relative;
    }

    private string Paint(string text, string color)
    {
        return _useColor ? color + text + Reset : text;
    }

    private static string SeverityColor(DiagnosticSeverity severity)
    {
        return severity switch
        {
            DiagnosticSeverity.Error => Red,
            DiagnosticSeverity.Warning => Yellow,
            _ => Cyan,
        };
    }

    private static string ExpandTabs(string text)
    {
        return text.Replace("\t", "    ", StringComparison.Ordinal);
    }

    private static string Truncate(string title)
    {
        return title.Length <= MaxTitleWidth ? title : title[..(MaxTitleWidth - 1)] + "…";
    }

    private static string Plural(int count)
    {
        return count == 1 ? string.Empty : "s";
    }
}
