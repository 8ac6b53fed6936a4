using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Guarded.Cli.Analysis;
using Microsoft.CodeAnalysis;

namespace Guarded.Cli.Reporting;

/// <summary>
/// Writes a report as SARIF 2.1.0 (one run, tool "Guarded"), with artifact locations relative to the analysed
/// root through the <c>SRCROOT</c> base id, so code-scanning services can map results onto the repository.
/// </summary>
internal static class SarifWriter
{
    /// <summary>The SARIF schema the output declares.</summary>
    internal const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The uriBaseId that artifact locations are relative to.</summary>
    internal const string RootBaseId = "SRCROOT";

    /// <summary>Where the tool is documented.</summary>
    internal const string InformationUri = "https://github.com/guarded-dev/guarded";

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, AnalysisReport report, string root)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using FileStream stream = File.Create(path);
        Write(stream, report, root);
    }

    /// <summary>Writes <paramref name="report"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, AnalysisReport report, string root)
    {
        string fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < report.Rules.Count; i++)
        {
            ruleIndex[report.Rules[i].Id] = i;
        }

        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "Guarded");
        json.WriteString("informationUri", InformationUri);
        string? version = typeof(SarifWriter).Assembly.GetName().Version?.ToString(3);
        if (version is not null)
        {
            json.WriteString("semanticVersion", version);
        }

        json.WriteStartArray("rules");
        foreach (DiagnosticDescriptor rule in report.Rules)
        {
            WriteRule(json, rule);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(RootBaseId);
        json.WriteString("uri", new Uri(fullRoot + Path.DirectorySeparatorChar).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", !report.Findings.Any(f => f.Id == AnalysisRunner.AnalyzerExceptionId));
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartArray("results");
        foreach (Finding finding in report.Findings)
        {
            WriteResult(json, finding, ruleIndex, fullRoot);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The SARIF level of a Roslyn severity.</summary>
    internal static string Level(DiagnosticSeverity severity)
    {
        return severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "note",
            _ => "none",
        };
    }

    private static void WriteRule(Utf8JsonWriter json, DiagnosticDescriptor rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        string title = rule.Title.ToString(CultureInfo.InvariantCulture);
        json.WriteStartObject("shortDescription");
        json.WriteString("text", string.IsNullOrEmpty(title) ? rule.Id : title);
        json.WriteEndObject();
        string description = rule.Description.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(description))
        {
            json.WriteStartObject("fullDescription");
            json.WriteString("text", description);
            json.WriteEndObject();
        }

        if (Uri.TryCreate(rule.HelpLinkUri, UriKind.Absolute, out Uri? help))
        {
            json.WriteString("helpUri", help.AbsoluteUri);
        }

        json.WriteStartObject("defaultConfiguration");
        json.WriteBoolean("enabled", rule.IsEnabledByDefault);
        json.WriteString("level", Level(rule.DefaultSeverity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("category", rule.Category);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding finding, Dictionary<string, int> ruleIndex, string root)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Id);
        if (ruleIndex.TryGetValue(finding.Id, out int index))
        {
            json.WriteNumber("ruleIndex", index);
        }

        json.WriteString("level", Level(finding.Severity));
        json.WriteStartObject("message");
        json.WriteString("text", finding.Message);
        json.WriteEndObject();

        json.WriteStartArray("locations");
        if (finding.Region is not null)
        {
            json.WriteStartObject();
            WritePhysicalLocation(json, finding.Region, root);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        if (finding.AdditionalRegions.Count > 0)
        {
            json.WriteStartArray("relatedLocations");
            for (int i = 0; i < finding.AdditionalRegions.Count; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("id", i + 1);
                WritePhysicalLocation(json, finding.AdditionalRegions[i], root);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WritePhysicalLocation(Utf8JsonWriter json, SourceRegion region, string root)
    {
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        string relative = Path.GetRelativePath(root, region.Path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            json.WriteString("uri", new Uri(Path.GetFullPath(region.Path)).AbsoluteUri);
        }
        else
        {
            string[] segments = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            json.WriteString("uri", string.Join('/', segments.Select(Uri.EscapeDataString)));
            json.WriteString("uriBaseId", RootBaseId);
        }

        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", region.StartLine);
        json.WriteNumber("startColumn", region.StartColumn);
        json.WriteNumber("endLine", region.EndLine);
        json.WriteNumber("endColumn", region.EndColumn);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
