using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using Xunit.Sdk;

namespace Guarded.Runtime.SystematicTests.Harness;

/// <summary>
/// Runs a test body under Coyote's <see cref="TestingEngine"/>, exploring many interleavings.
/// <see cref="Run"/> requires that no bug is found; <see cref="FindsBug"/> requires that one is, with the
/// invariant's message. Settings come from <see cref="SystematicSettings"/> (environment variables).
/// On failure, the assertion message carries the seed, the bug report and the folder holding the
/// reproducible trace; set <c>GUARDED_COYOTE_REPLAY</c> to that trace to replay it (see README.md).
/// </summary>
internal static class SystematicTest
{
    /// <summary>Explores <paramref name="test"/>; fails the xunit test if Coyote finds any bug.</summary>
    public static void Run(
        Func<Task> test,
        Func<Configuration, Configuration>? configure = null,
        double iterationScale = 1,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerName = "")
    {
        var outcome = Explore(test, configure, iterationScale, TestName(callerFile, callerName));
        if (outcome.Bugs.Count > 0)
        {
            throw new XunitException(outcome.Describe("Coyote found a bug"));
        }
    }

    /// <summary>
    /// Explores <paramref name="test"/> (typically run against a deliberately broken twin) and fails the
    /// xunit test unless Coyote finds a bug whose report contains <paramref name="expectedMessage"/>.
    /// </summary>
    public static void FindsBug(
        Func<Task> test,
        string expectedMessage,
        Func<Configuration, Configuration>? configure = null,
        double iterationScale = 1,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerName = "")
    {
        var outcome = Explore(test, configure, iterationScale, TestName(callerFile, callerName));
        if (outcome.Bugs.Count == 0)
        {
            throw new XunitException(outcome.Describe(
                $"Coyote found no bug, expected one reporting \"{expectedMessage}\"; the test proves nothing"));
        }

        if (!outcome.Bugs.Any(b => b.Contains(expectedMessage, StringComparison.Ordinal)))
        {
            throw new XunitException(outcome.Describe(
                $"Coyote found a bug, but not the expected \"{expectedMessage}\""));
        }

        if (!outcome.TraceFiles.Any(f => f.EndsWith(".trace", StringComparison.Ordinal)))
        {
            throw new XunitException(outcome.Describe("Coyote found the bug but saved no reproducible trace"));
        }
    }

    /// <summary>Runs the engine once with the configured settings and returns what it found.</summary>
    internal static SystematicOutcome Explore(
        Func<Task> test,
        Func<Configuration, Configuration>? configure,
        double iterationScale,
        string testName)
    {
        RewritingGuard.EnsureRewritten();

        var settings = SystematicSettings.Current;
        uint iterations = settings.ScaledIterations(iterationScale);
        uint seed = settings.SeedFor(testName);

        var configuration = Configuration.Create()
            .WithTestingIterations(iterations)
            .WithRandomGeneratorSeed(seed)
            .WithVerbosityEnabled(settings.Verbosity)
            .WithConsoleLoggingEnabled(false)
            .WithTelemetryEnabled(false);
        if (configure is not null)
        {
            configuration = configure(configuration);
        }

        string? replayed = null;
        if (settings.ReplayTrace is { } tracePath)
        {
            configuration = configuration.WithReproducibleTrace(File.ReadAllText(tracePath));
            replayed = tracePath;
        }

        // The engine's own log (progress lines, and scheduling decisions at higher verbosity) goes to memory, not
        // to the test host's console, and is saved with the reports when a bug is found.
        using var log = new StringWriter(CultureInfo.InvariantCulture);
        using var engine = TestingEngine.Create(configuration, test);
        engine.SetLogger(new TextWriterLogger(log, settings.Verbosity));
        engine.Run();

        var report = engine.TestReport;
        var bugs = report.BugReports.ToList();
        string? traceFolder = null;
        IReadOnlyList<string> files = Array.Empty<string>();
        if (bugs.Count > 0)
        {
            // A replay reports next to, never over, the trace it replays.
            traceFolder = Path.Combine(settings.ReportRoot, SafeFileName(testName), replayed is null ? string.Empty : "replay");
            Directory.CreateDirectory(traceFolder);
            foreach (var stale in Directory.EnumerateFiles(traceFolder))
            {
                File.Delete(stale);
            }

            var saved = new List<string>();
            if (engine.TryEmitReports(traceFolder, "coyote", out var emitted))
            {
                saved.AddRange(emitted);
            }

            string engineLog = Path.Combine(traceFolder, "coyote.log");
            File.WriteAllText(engineLog, log.ToString());
            saved.Add(engineLog);

            files = saved;
        }

        return new SystematicOutcome(
            testName, seed, iterations, report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths,
            bugs, traceFolder, files, replayed);
    }

    private static string TestName(string callerFile, string callerName) =>
        Path.GetFileNameWithoutExtension(callerFile) + "." + callerName;

    private static string SafeFileName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
    }
}

/// <summary>What one exploration found.</summary>
internal sealed record SystematicOutcome(
    string TestName,
    uint Seed,
    uint Iterations,
    int ExploredPaths,
    IReadOnlyList<string> Bugs,
    string? TraceFolder,
    IReadOnlyList<string> TraceFiles,
    string? ReplayedTrace)
{
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

        foreach (var bug in Bugs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Bug report: {bug}");
        }

        if (TraceFolder is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Reports saved to: {TraceFolder}");
            foreach (var file in TraceFiles)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {file}");
            }

            var trace = TraceFiles.FirstOrDefault(f => f.EndsWith(".trace", StringComparison.Ordinal));
            if (trace is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"Replay: {SystematicSettings.ReplayVariable}={trace} dotnet test --filter \"FullyQualifiedName~{TestName.Split('.').Last()}\"");
            }
        }

        return text.ToString();
    }
}
