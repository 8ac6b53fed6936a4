using Guarded.Cli.Tests.Support;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Tests;

/// <summary>Ad-hoc compilations of folders and single files (no MSBuild).</summary>
public sealed class FolderModeTests
{
    private static readonly DiagnosticAnalyzer[] TestRule = [new ContainsKeyTestAnalyzer()];

    [Fact]
    public async Task Folder_WithRacyFile_ReportsGrd101WithPathLineAndColumn()
    {
        using var temp = new TempFolder();
        temp.Write("Caching/RacyCache.cs", Sources.RacyCache);
        temp.Write("Builder.cs", Sources.QuietBuilder);

        CliResult result = await CliRunner.RunAsync(null, ["check", temp.Path, "--rule", "GRD101"], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{Path.Combine("Caching", "RacyCache.cs")}:18:14: warning GRD101:", result.Output);
        Assert.DoesNotContain("Builder.cs:", result.Output);
        Assert.DoesNotContain("compile error", result.Error);
    }

    [Fact]
    public async Task NoPath_OutsideThisRepository_ChecksTheCurrentDirectory()
    {
        using var temp = new TempFolder();
        temp.Write("Caching/RacyCache.cs", Sources.RacyCache);

        CliResult result = await CliRunner.RunAsync(null, ["check", "--rule", "GRD101"], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{Path.Combine("Caching", "RacyCache.cs")}:18:14: warning GRD101:", result.Output);
        Assert.DoesNotContain("Cafe", result.Output);
    }

    [Fact]
    public async Task Folder_SkipsBinAndObj()
    {
        using var temp = new TempFolder();
        temp.Write("Code.cs", "namespace Scratch; public static class Code { public static bool Has(Dictionary<string, int> d) => d.ContainsKey(\"a\"); }");
        temp.Write("obj/Debug/Generated.cs", "namespace Scratch; public static class Generated { public static bool Has(Dictionary<string, int> d) => d.ContainsKey(\"b\"); }");
        temp.Write("bin/Copied.cs", "this does not compile");

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", temp.Path], workingDirectory: temp.Path);

        Assert.Contains("Code.cs:1:", result.Output);
        Assert.DoesNotContain("Generated.cs", result.Output);
        Assert.DoesNotContain("compile error", result.Error);
        Assert.Contains("1 finding", result.Output);
    }

    [Fact]
    public async Task Folder_WithCompileErrors_IsStillAnalysedAndCountsErrorsInOneWarningLine()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);
        temp.Write("Broken.cs", Sources.Broken);

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", temp.Path], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("RacyCache.cs:18:", result.Output);
        string[] warnings = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("compile error", StringComparison.Ordinal)).ToArray();
        Assert.Single(warnings);
        Assert.StartsWith("warning: 1 compile error(s)", warnings[0]);
        Assert.Contains("Broken.cs", warnings[0]);
    }

    [Fact]
    public async Task Folder_ImplicitUsingsAndNullableAreOn()
    {
        using var temp = new TempFolder();
        temp.Write("Uses.cs", """
            namespace Scratch;
            public sealed class Uses
            {
                private readonly List<string> _items = new();
                public string? First => _items.FirstOrDefault();
                public Task<int> CountAsync(CancellationToken ct) => Task.FromResult(_items.Count);
            }
            """);

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", temp.Path], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("compile error", result.Error);
    }

    [Fact]
    public async Task SingleFile_IsAnalysed()
    {
        using var temp = new TempFolder();
        string file = temp.Write("RacyCache.cs", Sources.RacyCache);
        temp.Write("Other.cs", "namespace Scratch; public static class Other { public static bool Has(Dictionary<string, int> d) => d.ContainsKey(\"a\"); }");

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", file], workingDirectory: temp.Path);

        Assert.Contains("RacyCache.cs:18:", result.Output);
        Assert.DoesNotContain("Other.cs", result.Output);
        Assert.Contains("1 file", result.Output);
    }

    [Fact]
    public async Task EditorConfigSeverity_IsHonoured()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);
        temp.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.TST001.severity = error\n");

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", temp.Path], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("RacyCache.cs:18:21: error TST001:", result.Output);
    }

    [Fact]
    public async Task EditorConfigSeverityNone_AndPragma_SuppressFindings()
    {
        using var temp = new TempFolder();
        temp.Write("Off/RacyCache.cs", Sources.RacyCache);
        temp.Write("Off/.editorconfig", "[*.cs]\ndotnet_diagnostic.TST001.severity = none\n");
        temp.Write("Pragma.cs", """
            namespace Scratch;
            public static class Pragma
            {
            #pragma warning disable TST001 // benign: only called at start-up
                public static bool Has(Dictionary<string, int> d) => d.ContainsKey("a");
            #pragma warning restore TST001
            }
            """);
        temp.Write("Reported.cs", "namespace Scratch; public static class Reported { public static bool Has(Dictionary<string, int> d) => d.ContainsKey(\"a\"); }");

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", temp.Path], workingDirectory: temp.Path);

        Assert.DoesNotContain("RacyCache.cs", result.Output);
        Assert.DoesNotContain("Pragma.cs", result.Output);
        Assert.Contains("Reported.cs:1:", result.Output);
        Assert.Contains("1 finding", result.Output);
    }

    [Fact]
    public async Task AnalyzerException_IsReportedLoudlyAsAnError()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);

        CliResult result = await CliRunner.RunAsync([new ThrowingTestAnalyzer()], ["check", temp.Path], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error AD0001:", result.Output);
        Assert.Contains("boom from the test analyzer", result.Output);
        Assert.Contains("AD0001", result.Error);
        Assert.Contains("bug in Guarded", result.Error);
    }

    [Fact]
    public async Task Folder_WithoutCSharpFiles_IsBadInput()
    {
        using var temp = new TempFolder();
        temp.Write("notes.txt", "nothing here");

        CliResult result = await CliRunner.RunAsync(TestRule, ["check", temp.Path], workingDirectory: temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("contains no C# files", result.Error);
    }

    [Fact]
    public async Task RuleOffByDefault_IsQuiet_UntilNamedWithRule()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);

        CliResult quiet = await CliRunner.RunAsync(null, ["check", temp.Path], workingDirectory: temp.Path);
        CliResult named = await CliRunner.RunAsync(null, ["check", temp.Path, "--rule", "GRD101"], workingDirectory: temp.Path);

        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.DoesNotContain("GRD101", quiet.Output);
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Contains("warning GRD101:", named.Output);
    }

    [Fact]
    public async Task RuleNamedWithRule_KeepsTheSeverityTheCodesEditorConfigSets()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);
        temp.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.GRD101.severity = none\n");

        CliResult result = await CliRunner.RunAsync(null, ["check", temp.Path, "--rule", "GRD101"], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("GRD101:", result.Output);
    }

    [Fact]
    public async Task Framework_OnAFolder_IsBadInput()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);

        CliResult result = await CliRunner.RunAsync(null, ["check", temp.Path, "--framework", "net8.0"], workingDirectory: temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--framework applies to projects and solutions", result.Error);
    }
}
