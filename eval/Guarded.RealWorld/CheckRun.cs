using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Cli;
using Guarded.Cli.Commands;

namespace Guarded.RealWorld;

/// <summary>One result of <c>guarded check</c> on a code base, located relative to the repository root.</summary>
internal sealed record RealFinding(string Codebase, string File, int Line, int Column, string Rule, string Message)
{
    public FindingKey Key => new(Codebase, File, Line, Rule);
}

/// <summary>What one code base's check produced, or why it did not run.</summary>
/// <param name="Codebase">The code base.</param>
/// <param name="Findings">What <c>guarded check</c> reported.</param>
/// <param name="Failure">Why the check did not run; null when it ran.</param>
/// <param name="Elapsed">Restore and check time.</param>
/// <param name="Fidelity">
/// What may make the findings differ from a full build: a restore that failed (a package this machine's feed lacks)
/// and the compile errors the check saw; null when the restore succeeded and the code compiled.
/// </param>
internal sealed record CheckOutcome(Codebase Codebase, IReadOnlyList<RealFinding> Findings, string? Failure, TimeSpan Elapsed, string? Fidelity = null);

/// <summary>Restores a code base's project for its framework and runs <c>guarded check</c> on it, in-process, with SARIF output.</summary>
internal static class CheckRun
{
    /// <summary>The rule id the CLI reports an analyzer exception under.</summary>
    public const string AnalyzerException = "AD0001";

    public static async Task<CheckOutcome> RunAsync(Codebase codebase, string tree, string outputFolder, bool restore, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        string project = Path.Combine(tree, codebase.Project.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(project))
        {
            return new CheckOutcome(codebase, [], $"{project} does not exist in the checkout", TimeSpan.Zero);
        }

        string log = Path.Combine(outputFolder, codebase.Name + ".log");
        var fidelity = new List<string>();
        if (restore)
        {
            // One framework, as the check analyses one: other frameworks' reference packs need not be available. Feeds
            // a code base lists beside nuget.org may be unreachable, and its warnings-as-errors policy is not ours.
            ProcessResult restored = ProcessResult.Run(
                "dotnet",
                $"restore \"{project}\" --ignore-failed-sources -p:TargetFramework={codebase.Framework} -p:TreatWarningsAsErrors=false -p:NuGetAudit=false",
                Path.GetDirectoryName(project));
            await File.WriteAllTextAsync(log, restored.Output + restored.Error, cancellationToken).ConfigureAwait(false);
            if (restored.ExitCode != 0)
            {
                // A package the feed lacks (often an analyzer or a build tool) need not change the compilation: check
                // anyway, and let the compile errors the check reports tell how much it did change.
                string firstError = (restored.Output + restored.Error).Split('\n').FirstOrDefault(l => l.Contains(" error ", StringComparison.Ordinal))?.Trim() ?? "see " + log;
                fidelity.Add($"restore failed ({ShortError(firstError)})");
            }
        }

        string sarif = Path.Combine(outputFolder, codebase.Name + ".sarif");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error) { WorkingDirectory = tree };
        // Every rule is named, so that rules that are off by default are measured too (the report tells them apart).
        string[] arguments = ["check", project, "--framework", codebase.Framework, "--sarif", sarif, "--no-color", "--fail-on", "none", "--rule", string.Join(',', Rules.All.Keys)];
        int exit = await GuardedCli.RunAsync(arguments, context, cancellationToken).ConfigureAwait(false);
        await File.AppendAllTextAsync(log, output + Environment.NewLine + error, cancellationToken).ConfigureAwait(false);
        if (exit != 0 || !File.Exists(sarif))
        {
            string reason = error.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal))?.Trim() ?? $"exit code {exit}";
            return new CheckOutcome(codebase, [], $"guarded check failed: {reason}", DateTime.UtcNow - started);
        }

        Match compileErrors = Regex.Match(error.ToString(), @"warning: (?<count>\d+) compile error\(s\)");
        if (compileErrors.Success)
        {
            fidelity.Add($"{compileErrors.Groups["count"].Value} compile error(s)");
        }

        return new CheckOutcome(
            codebase,
            ReadSarif(codebase.Name, sarif, tree, Path.GetDirectoryName(project)!),
            null,
            DateTime.UtcNow - started,
            fidelity.Count == 0 ? null : string.Join("; ", fidelity));
    }

    /// <summary>A NuGet error without the project paths around it: <c>NU1101: Unable to find package X…</c>.</summary>
    private static string ShortError(string line)
    {
        Match match = Regex.Match(line, @"(NU\d{4}|MSB\d{4}|error [A-Z]+\d+):?\s*(?<text>[^\[]*)");
        return match.Success ? match.Value.Trim() : line;
    }

    /// <summary>
    /// The outcome of an earlier run whose SARIF and outcome files are in <paramref name="outputFolder"/>, for scoring
    /// it again against changed labels without checking again.
    /// </summary>
    public static CheckOutcome Reread(Codebase codebase, string tree, string outputFolder)
    {
        string summary = Path.Combine(outputFolder, codebase.Name + ".outcome");
        string sarif = Path.Combine(outputFolder, codebase.Name + ".sarif");
        if (!File.Exists(summary))
        {
            return new CheckOutcome(codebase, [], $"no earlier run in {outputFolder}", TimeSpan.Zero);
        }

        var record = ReadRecord(summary);
        string project = Path.Combine(tree, codebase.Project.Replace('/', Path.DirectorySeparatorChar));
        IReadOnlyList<RealFinding> findings = record.Failure is null ? ReadSarif(codebase.Name, sarif, tree, Path.GetDirectoryName(project)!) : [];
        return new CheckOutcome(codebase, findings, record.Failure, TimeSpan.Zero, record.Fidelity);
    }

    /// <summary>What <see cref="Record"/> wrote in <paramref name="summary"/>: the failure, the fidelity and the project, each null when absent.</summary>
    public static (string? Failure, string? Fidelity, string? Project) ReadRecord(string summary)
    {
        string[] lines = File.ReadAllLines(summary);
        string? Value(string key) => lines.FirstOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..];
        return (Value("failure"), Value("fidelity"), Value("project"));
    }

    /// <summary>Records what <see cref="Reread"/> needs beside the SARIF file.</summary>
    public static void Record(CheckOutcome outcome, string outputFolder)
    {
        var lines = new List<string> { $"commit: {outcome.Codebase.Commit}", $"project: {outcome.Codebase.Project}" };
        if (outcome.Failure is not null)
        {
            lines.Add($"failure: {outcome.Failure}");
        }

        if (outcome.Fidelity is not null)
        {
            lines.Add($"fidelity: {outcome.Fidelity}");
        }

        File.WriteAllLines(Path.Combine(outputFolder, outcome.Codebase.Name + ".outcome"), lines);
    }

    /// <summary>
    /// The results of a SARIF file written by <c>guarded check</c>, located relative to <paramref name="tree"/> (the
    /// repository root): the SARIF's relative locations are relative to <paramref name="root"/> (the project's folder),
    /// files outside it have absolute <c>file:</c> URIs.
    /// </summary>
    public static IReadOnlyList<RealFinding> ReadSarif(string codebase, string sarifPath, string tree, string root)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(sarifPath));
        var findings = new List<RealFinding>();
        foreach (JsonElement run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            foreach (JsonElement result in run.GetProperty("results").EnumerateArray())
            {
                string rule = result.GetProperty("ruleId").GetString() ?? string.Empty;
                string message = result.GetProperty("message").GetProperty("text").GetString() ?? string.Empty;
                string file = string.Empty;
                int line = 0;
                int column = 0;
                if (result.TryGetProperty("locations", out JsonElement locations) && locations.GetArrayLength() > 0)
                {
                    JsonElement physical = locations[0].GetProperty("physicalLocation");
                    string uri = physical.GetProperty("artifactLocation").GetProperty("uri").GetString() ?? string.Empty;
                    string full = Uri.TryCreate(uri, UriKind.Absolute, out Uri? absolute) && absolute.IsFile
                        ? absolute.LocalPath
                        : Path.GetFullPath(Path.Combine(root, string.Join(Path.DirectorySeparatorChar, uri.Split('/').Select(Uri.UnescapeDataString))));
                    file = Path.GetRelativePath(tree, full).Replace(Path.DirectorySeparatorChar, '/');
                    JsonElement region = physical.GetProperty("region");
                    line = region.GetProperty("startLine").GetInt32();
                    column = region.TryGetProperty("startColumn", out JsonElement c) ? c.GetInt32() : 0;
                }

                findings.Add(new RealFinding(codebase, file, line, column, rule, message));
            }
        }

        return findings;
    }
}
