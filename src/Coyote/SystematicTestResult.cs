using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Guarded.Coyote;

/// <summary>What one exploration (or replay) by <see cref="SystematicTest"/> found.</summary>
public sealed class SystematicTestResult
{
    internal SystematicTestResult(
        string testName,
        uint seed,
        uint iterations,
        int exploredPaths,
        IReadOnlyList<string> bugs,
        string? reportDirectory,
        IReadOnlyList<string> reportFiles,
        string? replayedTrace)
    {
        TestName = testName;
        Seed = seed;
        Iterations = iterations;
        ExploredPaths = exploredPaths;
        Bugs = bugs;
        ReportDirectory = reportDirectory;
        ReportFiles = reportFiles;
        ReplayedTrace = replayedTrace;
    }

    /// <summary>The name the seed and the report folder derive from (<c>File.Member</c> of the calling test).</summary>
    public string TestName { get; }

    /// <summary>The seed of Coyote's scheduling choices; rerun with <c>GUARDED_COYOTE_SEED</c> set to it.</summary>
    public uint Seed { get; }

    /// <summary>Iterations asked for (a replay runs one).</summary>
    public uint Iterations { get; }

    /// <summary>Schedules Coyote explored.</summary>
    public int ExploredPaths { get; }

    /// <summary>Coyote's bug reports (assertion messages, unhandled exceptions, deadlocks); empty when none was found.</summary>
    public IReadOnlyList<string> Bugs { get; }

    /// <summary>True when Coyote found a bug.</summary>
    public bool FoundBug => Bugs.Count > 0;

    /// <summary>Folder holding the saved reports, when a bug was found.</summary>
    public string? ReportDirectory { get; }

    /// <summary>Every saved report file: Coyote's <c>.txt</c>, <c>.trace</c> (replayable) and the engine log.</summary>
    public IReadOnlyList<string> ReportFiles { get; }

    /// <summary>The replayable trace of the bug, when one was saved.</summary>
    public string? TraceFile => ReportFiles.FirstOrDefault(f => f.EndsWith(".trace", StringComparison.Ordinal));

    /// <summary>The trace this run replayed, when it was a replay.</summary>
    public string? ReplayedTrace { get; }

    /// <summary>A human-readable account: headline, seed, bugs, saved files and the command that replays the trace.</summary>
    public string Describe(string headline)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{headline} in {TestName}.");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Seed: {Seed} (rerun with {SystematicSettings.SeedVariable}={Seed}); iterations: {Iterations}; explored paths: {ExploredPaths}.");
        if (ReplayedTrace is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Replayed trace: {ReplayedTrace}.");
        }

        foreach (string bug in Bugs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Bug report: {bug}");
        }

        if (ReportDirectory is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Reports saved to: {ReportDirectory}");
            foreach (string file in ReportFiles)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {file}");
            }

            if (TraceFile is { } trace)
            {
                string member = TestName.Split('.').Last();
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"Replay: {SystematicSettings.ReplayVariable}={trace} dotnet test --filter \"FullyQualifiedName~{member}\"");
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Describe(FoundBug ? "Coyote found a bug" : "Coyote found no bug");
}
