using System.Text.Json;
using Guarded.Cli.Tests.Support;

namespace Guarded.Cli.Tests;

/// <summary>End to end on samples/Cafe with the real rules (loads Cafe.csproj through MSBuildWorkspace).</summary>
[Collection(MSBuildCollection.Name)]
public sealed class CafeSampleTests
{
    [Fact]
    public async Task Check_WithoutPath_AnalysesTheBundledSample()
    {
        CliResult result = await CliRunner.RunAsync("check", "--no-color");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(Path.Combine("samples", "Cafe", "Workflows", "WorkflowSessionCache.cs"), result.Output);
        Assert.Contains("finding", result.Output);
    }

    [Fact]
    public async Task Check_Cafe_ReportsGrd101AtTheSeedIncidentsAndNothingInUtil()
    {
        CliResult result = await CliRunner.RunAsync("check", Repository.CafeSample);

        string[] findings = FindingLines(result.Output);
        Assert.True(findings.Any(l => l.Contains("Workflows/WorkflowSessionCache.cs:", StringComparison.Ordinal) && l.Contains(": warning GRD101:", StringComparison.Ordinal)), result.ToString());
        Assert.True(findings.Any(l => l.Contains("Rag/QueryCache.cs:", StringComparison.Ordinal) && l.Contains(": warning GRD101:", StringComparison.Ordinal)), result.ToString());
        Assert.True(findings.Any(l => l.Contains("Sessions/SessionLockRegistry.cs:", StringComparison.Ordinal) && l.Contains(" GRD10", StringComparison.Ordinal)), result.ToString());
        string[] util = findings.Where(l => l.Contains("/Util/", StringComparison.Ordinal)).ToArray();
        Assert.True(util.Length == 0, "Util/ must stay quiet, but:\n" + string.Join('\n', util));
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Check_Cafe_GrdFindingsAreNotInsideTheLockedRegionsOfCorrectCode()
    {
        CliResult result = await CliRunner.RunAsync("check", Repository.CafeSample, "--rule", "GRD101");

        // QueryCache.Put checks Count and clears inside lock (_cacheLock): that is correct code.
        string source = File.ReadAllText(Path.Combine(Repository.CafeSample, "Rag", "QueryCache.cs"));
        int putLine = LineOf(source, "if (_cache.Count >= _capacity)");
        Assert.DoesNotContain($"Rag/QueryCache.cs:{putLine}:", result.Output.Replace('\\', '/'));
    }

    [Fact]
    public async Task Check_Cafe_FailOnWarning_ExitsWith1()
    {
        CliResult result = await CliRunner.RunAsync("check", Repository.CafeSample, "--fail-on", "warning");

        Assert.True(result.ExitCode == 1, result.ToString());
    }

    [Fact]
    public async Task Check_Cafe_WritesValidSarifRelativeToTheSample()
    {
        using var temp = new TempFolder();
        string sarifPath = Path.Combine(temp.Path, "cafe.sarif");

        CliResult result = await CliRunner.RunAsync("check", Repository.CafeSample, "--sarif", sarifPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(sarifPath));
        Assert.Empty(SarifValidator.Validate(document.RootElement));
        JsonElement run = document.RootElement.GetProperty("runs")[0];
        Assert.Equal(
            new Uri(Repository.CafeSample + "/").AbsoluteUri,
            run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString());
        JsonElement[] grd101 = run.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString() == "GRD101")
            .ToArray();
        Assert.Contains(grd101, r => Artifact(r) == "Workflows/WorkflowSessionCache.cs");
        Assert.Contains(grd101, r => Artifact(r) == "Rag/QueryCache.cs");
        Assert.All(grd101, r => Assert.Equal("SRCROOT", r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uriBaseId").GetString()));
        JsonElement rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "GRD101");
        Assert.Equal("warning", rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
    }

    private static string Artifact(JsonElement result)
    {
        return result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
    }

    private static string[] FindingLines(string output)
    {
        return output.Replace('\\', '/').Split('\n').Where(l => l.Contains(": warning ", StringComparison.Ordinal) || l.Contains(": error ", StringComparison.Ordinal) || l.Contains(": info ", StringComparison.Ordinal)).ToArray();
    }

    private static int LineOf(string source, string text)
    {
        string[] lines = source.Split('\n');
        return Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MSBuildCollection
{
    public const string Name = "MSBuild";
}
