using Guarded.Cli.Tests.Support;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Tests;

public sealed class ExitCodeTests
{
    private static readonly DiagnosticAnalyzer[] TestRule = [new ContainsKeyTestAnalyzer()];

    [Theory]
    [InlineData(null, 0)]
    [InlineData("error", 0)]
    [InlineData("warning", 1)]
    [InlineData("info", 1)]
    [InlineData("none", 0)]
    public async Task FailOn_WithAWarning(string? failOn, int expected)
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);
        string[] args = failOn is null ? ["check", temp.Path] : ["check", temp.Path, "--fail-on", failOn];

        CliResult result = await CliRunner.RunAsync(TestRule, args, workingDirectory: temp.Path);

        Assert.True(result.ExitCode == expected, result.ToString());
    }

    [Theory]
    [InlineData("error", 1)]
    [InlineData("none", 0)]
    public async Task FailOn_WithAnError(string failOn, int expected)
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);
        temp.Write(".editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.TST001.severity = error\n");

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", temp.Path, "--fail-on", failOn], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == expected, result.ToString());
    }

    [Fact]
    public async Task FailOn_InfoFinding_FailsOnlyAtInfo()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);
        temp.Write(".editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.TST001.severity = suggestion\n");

        CliResult atWarning = await CliRunner.RunAsync(TestRule, ["check", temp.Path, "--fail-on", "warning"], workingDirectory: temp.Path);
        CliResult atInfo = await CliRunner.RunAsync(TestRule, ["check", temp.Path, "--fail-on", "info"], workingDirectory: temp.Path);

        Assert.True(atWarning.ExitCode == 0, atWarning.ToString());
        Assert.Contains(": info TST001:", atWarning.Output);
        Assert.True(atInfo.ExitCode == 1, atInfo.ToString());
    }

    [Fact]
    public async Task CleanCode_FailOnWarning_Exits0()
    {
        using var temp = new TempFolder();
        temp.Write("Clean.cs", "namespace Scratch; public static class Clean { public static int Two => 2; }");

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", temp.Path, "--fail-on", "warning"], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No findings in 1 file,", result.Output);
    }

    [Fact]
    public async Task NonexistentPath_Exits2WithAClearMessage()
    {
        string missing = Path.Combine(Path.GetTempPath(), "guarded-cli-tests", "does-not-exist-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = await GuardedCli.RunAsync(["check", missing], output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains($"'{missing}' does not exist", error.ToString());
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public async Task NonexistentRelativePath_NamesThePathAsGiven()
    {
        CliResult result = await CliRunner.RunAsync(TestRule, ["check", "no/such/Project.csproj"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'no/such/Project.csproj' does not exist", result.Error);
    }

    [Fact]
    public async Task UnsupportedFileType_Exits2()
    {
        using var temp = new TempFolder();
        string file = temp.Write("notes.txt", "hello");

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a solution", result.Error);
    }

    [Fact]
    public async Task InvalidFailOn_Exits2()
    {
        CliResult result = await CliRunner.RunAsync(TestRule, ["check", ".", "--fail-on", "sometimes"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sometimes", result.Error);
    }

    [Fact]
    public async Task UnknownRule_Exits2AndListsTheKnownRules()
    {
        CliResult result = await CliRunner.RunAsync(TestRule, ["check", ".", "--rule", "GRD999"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown rule GRD999", result.Error);
        Assert.Contains("TST001", result.Error);
    }

    [Fact]
    public async Task RuleFilter_RunsOnlyTheSelectedRules()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);

        CliResult selected = await CliRunner.RunAsync([new ContainsKeyTestAnalyzer(), new ThrowingTestAnalyzer()], ["check", temp.Path, "--rule", "tst001"], workingDirectory: temp.Path);

        Assert.True(selected.ExitCode == 0, selected.ToString());
        Assert.Contains("TST001", selected.Output);
        Assert.DoesNotContain("AD0001", selected.Output);
    }

    [Fact]
    public async Task Help_Exits0()
    {
        CliResult result = await CliRunner.RunAsync(TestRule, ["check", "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--fail-on", result.Output);
        Assert.Contains("--sarif", result.Output);
    }
}
