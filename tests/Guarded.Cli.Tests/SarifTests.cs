using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Guarded.Cli.Tests.Support;

namespace Guarded.Cli.Tests;

public sealed class SarifTests
{
    private static readonly JsonSerializerOptions ModelOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    [Fact]
    public async Task Sarif_HasTheRequiredStructure()
    {
        (JsonDocument document, _) = await CheckToSarifAsync();
        using (document)
        {
            IReadOnlyList<string> errors = SarifValidator.Validate(document.RootElement);

            Assert.True(errors.Count == 0, string.Join('\n', errors));
        }
    }

    [Fact]
    public async Task Sarif_DescribesToolRulesAndResults()
    {
        (JsonDocument document, string root) = await CheckToSarifAsync();
        using (document)
        {
            JsonElement log = document.RootElement;
            Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", log.GetProperty("$schema").GetString());
            Assert.Equal("2.1.0", log.GetProperty("version").GetString());
            JsonElement run = log.GetProperty("runs").EnumerateArray().Single();
            JsonElement driver = run.GetProperty("tool").GetProperty("driver");
            Assert.Equal("Guarded", driver.GetProperty("name").GetString());
            Assert.True(Uri.IsWellFormedUriString(driver.GetProperty("informationUri").GetString(), UriKind.Absolute));

            JsonElement rule = driver.GetProperty("rules").EnumerateArray().Single();
            Assert.Equal("TST001", rule.GetProperty("id").GetString());
            Assert.Equal("ContainsKey call", rule.GetProperty("shortDescription").GetProperty("text").GetString());
            Assert.Equal("https://example.org/rules/TST001.md", rule.GetProperty("helpUri").GetString());
            Assert.Equal("warning", rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());

            Assert.Equal(new Uri(root + Path.DirectorySeparatorChar).AbsoluteUri, run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString());

            JsonElement result = run.GetProperty("results").EnumerateArray().Single();
            Assert.Equal("TST001", result.GetProperty("ruleId").GetString());
            Assert.Equal(0, result.GetProperty("ruleIndex").GetInt32());
            Assert.Equal("error", result.GetProperty("level").GetString());
            Assert.Equal("'GetOrAdd' calls ContainsKey", result.GetProperty("message").GetProperty("text").GetString());

            JsonElement physical = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal("My Cache/RacyCache.cs", Uri.UnescapeDataString(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!));
            Assert.Equal("My%20Cache/RacyCache.cs", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal("SRCROOT", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            JsonElement region = physical.GetProperty("region");
            Assert.Equal(18, region.GetProperty("startLine").GetInt32());
            Assert.Equal(21, region.GetProperty("startColumn").GetInt32());
            Assert.Equal(18, region.GetProperty("endLine").GetInt32());
            Assert.Equal(21 + "ContainsKey".Length, region.GetProperty("endColumn").GetInt32());

            JsonElement related = result.GetProperty("relatedLocations").EnumerateArray().Single();
            JsonElement relatedRegion = related.GetProperty("physicalLocation").GetProperty("region");
            Assert.Equal(16, relatedRegion.GetProperty("startLine").GetInt32());
            Assert.Equal(19, relatedRegion.GetProperty("startColumn").GetInt32());
        }
    }

    [Fact]
    public async Task Sarif_RoundTripsThroughSystemTextJson()
    {
        (JsonDocument document, _) = await CheckToSarifAsync();
        using (document)
        {
            string original = document.RootElement.GetRawText();

            SarifLog? log = JsonSerializer.Deserialize<SarifLog>(original, ModelOptions);
            Assert.NotNull(log);
            string written = JsonSerializer.Serialize(log, ModelOptions);

            Assert.True(
                JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(written)),
                $"original:\n{original}\n\nround-tripped:\n{written}");
            Assert.Equal("TST001", log.Runs[0].Results[0].RuleId);
        }
    }

    [Fact]
    public async Task Sarif_WithoutFindings_IsStillValid()
    {
        using var temp = new TempFolder();
        temp.Write("Clean.cs", "namespace Scratch; public static class Clean { }");
        string sarif = Path.Combine(temp.Path, "out", "clean.sarif");

        CliResult result = await CliRunner.RunAsync([new ContainsKeyTestAnalyzer()], ["check", temp.Path, "--sarif", sarif], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(sarif));
        Assert.Empty(SarifValidator.Validate(document.RootElement));
        Assert.Equal(0, document.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
    }

    [Theory]
    [InlineData("a folder", "it is a folder")]
    [InlineData("under a file", "is a file, not a folder")]
    public async Task Sarif_PathThatCannotBeAFile_FailsBeforeTheAnalysis(string where, string reason)
    {
        using var temp = new TempFolder();
        temp.Write("Racy.cs", Sources.RacyCache);
        string notAFile = where == "a folder" ? temp.Path : Path.Combine(temp.Write("report.txt", "x"), "report.sarif");
        var analyzer = new ContainsKeyTestAnalyzer();

        CliResult result = await CliRunner.RunAsync([analyzer], ["check", temp.Path, "--sarif", notAFile], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"cannot write SARIF to '{notAFile}'", result.Error);
        Assert.Contains(reason, result.Error);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public void Validator_RejectsBrokenSarif()
    {
        const string broken = """
            {
              "version": "2.0.0",
              "runs": [{
                "tool": { "driver": { } },
                "results": [{
                  "ruleId": "X",
                  "ruleIndex": 3,
                  "level": "warn",
                  "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "a.cs" }, "region": { "startLine": 0, "startColumn": 1, "endline": 2 } } }]
                }]
              }]
            }
            """;
        using JsonDocument document = JsonDocument.Parse(broken);

        IReadOnlyList<string> errors = SarifValidator.Validate(document.RootElement);

        Assert.Contains(errors, e => e.StartsWith("$.version", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.runs[0].tool.driver.name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.runs[0].results[0].message", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.runs[0].results[0].level", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.runs[0].results[0].ruleIndex", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("startLine", StringComparison.Ordinal) && e.Contains("1-based", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("endline", StringComparison.Ordinal));
    }

    private static async Task<(JsonDocument Document, string Root)> CheckToSarifAsync()
    {
        var temp = new TempFolder();
        try
        {
            temp.Write(Path.Combine("My Cache", "RacyCache.cs"), Sources.RacyCache);
            temp.Write(".editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.TST001.severity = error\n");
            string sarif = Path.Combine(temp.Path, "guarded.sarif");

            CliResult result = await CliRunner.RunAsync([new ContainsKeyTestAnalyzer()], ["check", temp.Path, "--sarif", sarif], workingDirectory: temp.Path);

            Assert.True(result.ExitCode == 1, result.ToString());
            return (JsonDocument.Parse(File.ReadAllText(sarif)), temp.Path);
        }
        finally
        {
            temp.Dispose();
        }
    }
}
