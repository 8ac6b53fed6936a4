using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Cli;
using Guarded.Cli.Commands;

namespace Guarded.RealWorld;

/// <summary>How one mined race fared: whether the check ran at the racy commit and what it reported at the racy lines.</summary>
internal enum RaceVerdict
{
    /// <summary>The check did not run (no mirror, no project, a failed check).</summary>
    NotRun,

    /// <summary>No finding at the racy lines.</summary>
    Missed,

    /// <summary>A finding at the racy lines, but of another rule family than the race's.</summary>
    OtherFamily,

    /// <summary>A finding of the race's rule family (any rule when the race names none) at the racy lines.</summary>
    Found,
}

/// <summary>The outcome of checking one race's repository at its racy commit.</summary>
internal sealed record RaceOutcome(Race Race, RaceVerdict Verdict, IReadOnlyList<RealFinding> AtLines, IReadOnlyList<RealFinding> InFile, string? Failure, string? Fidelity)
{
    /// <summary>Found by the very rule the race names (the finding's message is that rule's explanation of it).</summary>
    public bool RightRule => Verdict == RaceVerdict.Found && AtLines.Any(f => f.Rule == Race.Rule);
}

/// <summary>
/// Checks a mined race's project at its racy commit: extracts the commit from the repository's mirror, finds the
/// nearest SDK-style project above the racy file, and runs <c>guarded check</c> on it with every rule (see
/// <see cref="CheckRun"/>); a finding counts at the racy lines give or take <see cref="Slack"/> lines.
/// </summary>
internal static class RecallRun
{
    /// <summary>Lines either side of the racy lines where a finding still points at the race (a check one line above its act).</summary>
    public const int Slack = 1;

    /// <summary>The framework recorded for a project checked as loose files (an old-style project, or one whose frameworks this machine cannot build).</summary>
    private const string Loose = "loose";

    private static readonly Regex Frameworks = new(@"<TargetFrameworks?>(?<list>[^<]+)</TargetFrameworks?>", RegexOptions.CultureInvariant);

    public static async Task<RaceOutcome> RunAsync(Race race, string checkoutsRoot, string? mirrorsRoot, string outputFolder, bool restore, CancellationToken cancellationToken)
    {
        string folder = race.Repository.Replace('/', '+');
        string? mirror = Checkout.FindMirror(folder, mirrorsRoot);
        if (mirror is null)
        {
            return NotRun(race, $"no mirror of {race.Repository} in {mirrorsRoot ?? "(no --mirrors given)"}");
        }

        string project;
        string framework;
        try
        {
            string[] files = Checkout.Git(mirror, $"ls-tree -r --name-only {race.RacyCommit}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (!files.Contains(race.File, StringComparer.Ordinal))
            {
                return NotRun(race, $"{race.File} is not in {race.Repository} at {race.RacyCommit[..12]}");
            }

            // Without a project (a project.json-era tree), the racy file's folder is checked as loose files.
            project = NearestProject(files, race.File) ?? Path.GetDirectoryName(race.File)!.Replace('\\', '/') + "/(no project).csproj";
            string text = files.Contains(project, StringComparer.Ordinal) ? Checkout.Git(mirror, $"show {race.RacyCommit}:{project}") : string.Empty;
            framework = text.Contains("Sdk=", StringComparison.Ordinal) && PickFramework(text) is { } picked ? picked : Loose;
        }
        catch (CheckoutException exception)
        {
            return NotRun(race, exception.Message);
        }

        var codebase = new Codebase($"race-{race.Number}", race.Repository, race.RacyCommit, project, framework, race.Shape);
        CheckOutcome outcome;
        try
        {
            string tree = Checkout.Ensure(codebase, Path.Combine(checkoutsRoot, "races", race.RacyCommit[..12]), mirrorsRoot);
            string looseCopy = Path.Combine(checkoutsRoot, "races-loose", race.RacyCommit[..12], codebase.Folder);
            if (framework != Loose)
            {
                // An old commit pins an SDK this machine lacks in global.json: build with the installed one instead.
                File.Delete(Path.Combine(tree, "global.json"));
                outcome = await CheckRun.RunAsync(codebase, tree, outputFolder, restore, cancellationToken).ConfigureAwait(false);
                if (outcome.Failure is not null)
                {
                    string failure = outcome.Failure;
                    outcome = await CheckLooseAsync(codebase, tree, looseCopy, outputFolder, cancellationToken).ConfigureAwait(false);
                    outcome = outcome with { Fidelity = $"{outcome.Fidelity} (the project did not load: {failure})" };
                }
            }
            else
            {
                outcome = await CheckLooseAsync(codebase, tree, looseCopy, outputFolder, cancellationToken).ConfigureAwait(false);
            }

            CheckRun.Record(outcome, outputFolder);
        }
        catch (CheckoutException exception)
        {
            return NotRun(race, exception.Message);
        }

        return Score(race, outcome);
    }

    /// <summary>Scores an earlier run of the race kept in <paramref name="outputFolder"/>.</summary>
    public static RaceOutcome Reread(Race race, string checkoutsRoot, string outputFolder)
    {
        var codebase = new Codebase($"race-{race.Number}", race.Repository, race.RacyCommit, "x.csproj", "-", race.Shape);
        string summary = Path.Combine(outputFolder, codebase.Name + ".outcome");
        if (!File.Exists(summary))
        {
            return NotRun(race, $"no earlier run in {outputFolder}");
        }

        var (failure, fidelity, project) = CheckRun.ReadRecord(summary);
        bool loose = fidelity?.StartsWith("loose files", StringComparison.Ordinal) == true;
        string tree = Path.Combine(checkoutsRoot, loose ? "races-loose" : "races", race.RacyCommit[..12], codebase.Folder);
        var findings = failure is null && project is not null
            ? CheckRun.ReadSarif(codebase.Name, Path.Combine(outputFolder, codebase.Name + ".sarif"), tree, Path.GetDirectoryName(Path.Combine(tree, project))!)
            : [];
        return Score(race, new CheckOutcome(codebase, findings, failure, TimeSpan.Zero, fidelity));
    }

    /// <summary>
    /// Checks the project's <c>.cs</c> files as loose files against the running runtime's assemblies: a copy of them,
    /// at the same paths under <paramref name="copyRoot"/> but without the project file, which would make the folder a
    /// project again. Types from the project's packages do not resolve, so findings that need them can be missing.
    /// </summary>
    private static async Task<CheckOutcome> CheckLooseAsync(Codebase codebase, string tree, string copyRoot, string outputFolder, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        string projectFolder = Path.GetDirectoryName(codebase.Project) ?? string.Empty;
        string source = Path.Combine(tree, projectFolder);
        string copy = Path.Combine(copyRoot, projectFolder);
        if (!Directory.Exists(copy))
        {
            foreach (string file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(source, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                {
                    continue;
                }

                string target = Path.Combine(copy, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }

        string sarif = Path.Combine(outputFolder, codebase.Name + ".sarif");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error) { WorkingDirectory = copyRoot };
        string[] arguments = ["check", copy, "--sarif", sarif, "--no-color", "--fail-on", "none", "--rule", string.Join(',', Rules.All.Keys)];
        int exit = await GuardedCli.RunAsync(arguments, context, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(outputFolder, codebase.Name + ".log"), output + Environment.NewLine + error, cancellationToken).ConfigureAwait(false);
        if (exit != 0 || !File.Exists(sarif))
        {
            return new CheckOutcome(codebase, [], $"guarded check on the loose files failed (exit code {exit})", DateTime.UtcNow - started);
        }

        Match compileErrors = Regex.Match(error.ToString(), @"warning: (?<count>\d+) compile error\(s\)");
        string fidelity = "loose files" + (compileErrors.Success ? $"; {compileErrors.Groups["count"].Value} compile error(s)" : string.Empty);
        return new CheckOutcome(codebase, CheckRun.ReadSarif(codebase.Name, sarif, copyRoot, copy), null, DateTime.UtcNow - started, fidelity);
    }

    private static RaceOutcome Score(Race race, CheckOutcome outcome)
    {
        if (outcome.Failure is not null)
        {
            return NotRun(race, outcome.Failure);
        }

        var inFile = outcome.Findings.Where(f => f.File == race.File && f.Rule.StartsWith("GRD", StringComparison.Ordinal)).ToList();
        var atLines = inFile.Where(f => race.Covers(f.Line, Slack)).ToList();
        var verdict = atLines.Count == 0
            ? RaceVerdict.Missed
            : atLines.Any(f => race.Family is not { } family || f.Rule[3] == family) ? RaceVerdict.Found : RaceVerdict.OtherFamily;
        return new RaceOutcome(race, verdict, atLines, inFile, null, outcome.Fidelity);
    }

    private static RaceOutcome NotRun(Race race, string why) => new(race, RaceVerdict.NotRun, [], [], why, null);

    /// <summary>The project file in the closest folder above <paramref name="file"/> (the first by name when a folder has several).</summary>
    private static string? NearestProject(IReadOnlyList<string> files, string file)
    {
        for (string? folder = Path.GetDirectoryName(file)?.Replace('\\', '/'); folder is not null; folder = folder.Length == 0 ? null : Path.GetDirectoryName(folder)?.Replace('\\', '/'))
        {
            string prefix = folder.Length == 0 ? string.Empty : folder + "/";
            var here = files.Where(f => f.StartsWith(prefix, StringComparison.Ordinal) && f.EndsWith(".csproj", StringComparison.Ordinal) && f.IndexOf('/', prefix.Length) < 0)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (here.Count > 0)
            {
                return here[0];
            }
        }

        return null;
    }

    /// <summary>The framework to check: the newest .NET (Core) one the project targets, else .NET Standard; null for .NET Framework only.</summary>
    private static string? PickFramework(string projectText)
    {
        var targets = Frameworks.Matches(projectText)
            .SelectMany(m => m.Groups["list"].Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(t => !t.Contains('$', StringComparison.Ordinal))
            .ToList();
        static double Version(string tfm) => double.TryParse(Regex.Match(tfm, @"[0-9]+(\.[0-9]+)?").Value, System.Globalization.CultureInfo.InvariantCulture, out double v) ? v : 0;
        var modern = targets.Where(t => Regex.IsMatch(t, @"^net[0-9]+\.[0-9]+") || t.StartsWith("netcoreapp", StringComparison.Ordinal)).OrderByDescending(Version).ToList();
        if (modern.Count > 0)
        {
            return modern[0];
        }

        return targets.Where(t => t.StartsWith("netstandard", StringComparison.Ordinal)).OrderByDescending(Version).FirstOrDefault();
    }
}
