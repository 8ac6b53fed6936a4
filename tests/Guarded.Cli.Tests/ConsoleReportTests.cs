using Guarded.Cli.Tests.Support;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Tests;

public sealed class ConsoleReportTests
{
    private const string Escape = "\u001b[";
    private static readonly DiagnosticAnalyzer[] TestRule = [new ContainsKeyTestAnalyzer()];

    [Fact]
    public async Task Finding_IsFollowedByACodeFrameWithACaretUnderTheSpan()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", temp.Path], workingDirectory: temp.Path);

        string[] lines = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int header = Array.FindIndex(lines, l => l.StartsWith("RacyCache.cs:18:21: warning TST001: 'GetOrAdd' calls ContainsKey", StringComparison.Ordinal));
        Assert.True(header >= 0, result.ToString());
        Assert.Equal("    17 |     {", lines[header + 1]);
        Assert.Equal("  > 18 |         if (!_items.ContainsKey(key))", lines[header + 2]);
        Assert.Equal("       |                     ^^^^^^^^^^^", lines[header + 3]);
        Assert.Equal("    19 |         {", lines[header + 4]);
        Assert.Equal("    see also RacyCache.cs:16:19", lines[header + 5]);
    }

    [Fact]
    public async Task Stats_PrintFindingsAndAnalyzerTimePerRule_OnlyWhenAskedFor()
    {
        using var temp = new TempFolder();
        temp.Write("A.cs", "namespace Scratch; public static class A { public static bool Has(Dictionary<string, int> d) => d.ContainsKey(\"a\") || d.ContainsKey(\"b\"); }");

        CliResult plain = await CliRunner.RunAsync(TestRule, ["check", temp.Path], workingDirectory: temp.Path);
        CliResult stats = await CliRunner.RunAsync(TestRule, ["check", temp.Path, "--stats"], workingDirectory: temp.Path);

        Assert.DoesNotContain("Analyzer time (ms)", plain.Output, StringComparison.Ordinal);
        string[] lines = stats.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int header = Array.IndexOf(lines, "Rule    Findings  Analyzer time (ms)");
        Assert.True(header >= 0, stats.ToString());
        Assert.Matches(@"^TST001\s+2\s+\d+\.\d$", lines[header + 1]);
        Assert.Matches(@"^Analyzers: \d+\.\d ms of execution time; analysis wall time \d+\.\d ms for 1 files in 1 projects\.$", lines[header + 2]);
    }

    [Fact]
    public async Task Summary_ListsRulesWithTitleAndCount()
    {
        using var temp = new TempFolder();
        temp.Write("A.cs", "namespace Scratch; public static class A { public static bool Has(Dictionary<string, int> d) => d.ContainsKey(\"a\") || d.ContainsKey(\"b\"); }");

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", temp.Path], workingDirectory: temp.Path);

        string[] lines = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains(lines, l => l.StartsWith("Rule", StringComparison.Ordinal) && l.Contains("Title", StringComparison.Ordinal) && l.EndsWith("Count", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("TST001", StringComparison.Ordinal) && l.Contains("ContainsKey call", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));
        Assert.Contains("2 findings: 0 errors, 2 warnings, 0 info, in 1 file, 1 project.", result.Output);
    }

    [Fact]
    public async Task Colors_OnlyOnATerminalWithoutNoColor()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);
        string[] args = ["check", temp.Path];

        CliResult terminal = await CliRunner.RunAsync(TestRule, args, temp.Path, outputIsTerminal: true);
        CliResult redirected = await CliRunner.RunAsync(TestRule, args, temp.Path, outputIsTerminal: false);
        CliResult noColorOption = await CliRunner.RunAsync(TestRule, [.. args, "--no-color"], temp.Path, outputIsTerminal: true);
        CliResult noColorVariable = await CliRunner.RunAsync(TestRule, args, temp.Path, outputIsTerminal: true, noColor: "1");

        Assert.Contains(Escape, terminal.Output);
        Assert.DoesNotContain(Escape, redirected.Output);
        Assert.DoesNotContain(Escape, noColorOption.Output);
        Assert.DoesNotContain(Escape, noColorVariable.Output);
    }

    [Fact]
    public async Task Progress_GoesToStderrOnlyWhenAskedOrOnATerminal_AndTheSummaryStaysLast()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);
        string[] args = ["check", temp.Path];

        CliResult redirected = await CliRunner.RunAsync(TestRule, args, temp.Path);
        CliResult asked = await CliRunner.RunAsync(TestRule, [.. args, "--progress"], temp.Path);
        CliResult terminal = await CliRunner.RunAsync(TestRule, [.. args, "--no-color"], temp.Path, outputIsTerminal: true);

        Assert.DoesNotContain("Analysing", redirected.Error);
        Assert.Contains("[1/1] Analysing", asked.Error);
        Assert.Contains("[1/1] Analysing", terminal.Error);
        Assert.Equal(redirected.Output, asked.Output);
        Assert.EndsWith("1 finding: 0 errors, 1 warning, 0 info, in 1 file, 1 project.", asked.Output.TrimEnd());
    }
}
