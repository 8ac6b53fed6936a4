using System.Text.Json.Serialization;

namespace Guarded.Cli.Tests.Support;

// A typed model of the SARIF subset Guarded writes, used to prove the output round-trips through System.Text.Json.
internal sealed record SarifLog(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    List<SarifRun> Runs);

internal sealed record SarifRun(
    SarifTool Tool,
    Dictionary<string, SarifArtifactLocation>? OriginalUriBaseIds,
    List<SarifInvocation>? Invocations,
    List<SarifResult> Results);

internal sealed record SarifTool(SarifDriver Driver);

internal sealed record SarifDriver(string Name, string? InformationUri, string? SemanticVersion, List<SarifRule> Rules);

internal sealed record SarifRule(
    string Id,
    SarifMessage ShortDescription,
    SarifMessage? FullDescription,
    string? HelpUri,
    SarifConfiguration DefaultConfiguration,
    Dictionary<string, string>? Properties);

internal sealed record SarifConfiguration(bool Enabled, string Level);

internal sealed record SarifInvocation(bool ExecutionSuccessful);

internal sealed record SarifResult(
    string RuleId,
    int? RuleIndex,
    string Level,
    SarifMessage Message,
    List<SarifLocation> Locations,
    List<SarifLocation>? RelatedLocations);

internal sealed record SarifMessage(string Text);

internal sealed record SarifLocation(int? Id, SarifPhysicalLocation PhysicalLocation);

internal sealed record SarifPhysicalLocation(SarifArtifactLocation ArtifactLocation, SarifRegion Region);

internal sealed record SarifArtifactLocation(string Uri, string? UriBaseId);

internal sealed record SarifRegion(int StartLine, int StartColumn, int EndLine, int EndColumn);
