using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using Microsoft.Coyote.Logging;

namespace Guarded.Runtime.SystematicTests.Harness;

/// <summary>
/// The suite's one set of knobs, read once from the environment.
/// <list type="bullet">
/// <item><c>GUARDED_COYOTE_ITERATIONS</c>: iterations per test (default <see cref="DefaultIterations"/>,
/// sized so the whole project runs in about a minute or two on two cores). Raise it locally or in a nightly job.</item>
/// <item><c>GUARDED_COYOTE_SEED</c>: a number fixes the seed of every test; <c>random</c> draws a fresh one per
/// test (printed on failure). Default: a fixed seed per test, derived from its name, so CI is deterministic.</item>
/// <item><c>GUARDED_COYOTE_REPLAY</c>: path to a saved <c>.trace</c> file; every test run in that process replays it
/// (filter to the one test that saved it).</item>
/// <item><c>GUARDED_COYOTE_VERBOSITY</c>: Coyote's log level (<c>none</c> by default; <c>info</c>, <c>debug</c> or
/// <c>exhaustive</c> put the scheduling decisions into the saved <c>coyote.txt</c>, useful with a replay).</item>
/// <item><c>GUARDED_COYOTE_REPORTS</c>: folder for bug reports (default <c>TestResults/coyote</c> under the test output).</item>
/// </list>
/// </summary>
internal sealed class SystematicSettings
{
    public const string IterationsVariable = "GUARDED_COYOTE_ITERATIONS";
    public const string SeedVariable = "GUARDED_COYOTE_SEED";
    public const string ReplayVariable = "GUARDED_COYOTE_REPLAY";
    public const string ReportsVariable = "GUARDED_COYOTE_REPORTS";
    public const string VerbosityVariable = "GUARDED_COYOTE_VERBOSITY";

    /// <summary>The CI default: every broken twin is found well within it (checked with many seeds).</summary>
    public const uint DefaultIterations = 200;

    /// <summary>Mixed into the per-test default seed; change it to shake the default schedules up.</summary>
    private const uint DefaultSeedBase = 20_251_123;

    private SystematicSettings(uint iterations, uint? fixedSeed, bool randomSeed, string? replayTrace, string reportRoot, VerbosityLevel verbosity)
    {
        Verbosity = verbosity;
        Iterations = iterations;
        FixedSeed = fixedSeed;
        RandomSeed = randomSeed;
        ReplayTrace = replayTrace;
        ReportRoot = reportRoot;
    }

    public static SystematicSettings Current { get; } = FromEnvironment();

    public uint Iterations { get; }

    public uint? FixedSeed { get; }

    public bool RandomSeed { get; }

    public string? ReplayTrace { get; }

    public string ReportRoot { get; }

    public VerbosityLevel Verbosity { get; }

    /// <summary>Iterations for a test that asks for a multiple of the setting (at least one).</summary>
    public uint ScaledIterations(double scale) => (uint)Math.Max(1, Math.Round(Iterations * scale));

    /// <summary>The seed for one test: fixed by the environment, random, or derived from the test's name.</summary>
    public uint SeedFor(string testName)
    {
        if (FixedSeed is { } seed)
        {
            return seed;
        }

        if (RandomSeed)
        {
            // Not System.Random: the rewriter may redirect it to Coyote's controlled generator.
            return (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        }

        // FNV-1a over the name: stable across runs and platforms (string.GetHashCode is not).
        uint hash = 2_166_136_261;
        foreach (char c in testName)
        {
            hash = unchecked((hash ^ c) * 16_777_619);
        }

        return hash ^ DefaultSeedBase;
    }

    private static SystematicSettings FromEnvironment()
    {
        uint iterations = DefaultIterations;
        string? rawIterations = Environment.GetEnvironmentVariable(IterationsVariable);
        if (!string.IsNullOrWhiteSpace(rawIterations))
        {
            if (!uint.TryParse(rawIterations, NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations == 0)
            {
                throw new InvalidOperationException($"{IterationsVariable} must be a positive integer, got '{rawIterations}'.");
            }
        }

        uint? fixedSeed = null;
        bool randomSeed = false;
        string? rawSeed = Environment.GetEnvironmentVariable(SeedVariable);
        if (!string.IsNullOrWhiteSpace(rawSeed))
        {
            if (string.Equals(rawSeed, "random", StringComparison.OrdinalIgnoreCase))
            {
                randomSeed = true;
            }
            else if (uint.TryParse(rawSeed, NumberStyles.None, CultureInfo.InvariantCulture, out uint seed))
            {
                fixedSeed = seed;
            }
            else
            {
                throw new InvalidOperationException($"{SeedVariable} must be a non-negative integer or 'random', got '{rawSeed}'.");
            }
        }

        string? replay = Environment.GetEnvironmentVariable(ReplayVariable);
        if (string.IsNullOrWhiteSpace(replay))
        {
            replay = null;
        }
        else if (!File.Exists(replay))
        {
            throw new InvalidOperationException($"{ReplayVariable} names no file: '{replay}'.");
        }

        string? reports = Environment.GetEnvironmentVariable(ReportsVariable);
        string reportRoot = string.IsNullOrWhiteSpace(reports)
            ? Path.Combine(AppContext.BaseDirectory, "TestResults", "coyote")
            : Path.GetFullPath(reports);

        VerbosityLevel verbosity = VerbosityLevel.None;
        string? rawVerbosity = Environment.GetEnvironmentVariable(VerbosityVariable);
        if (!string.IsNullOrWhiteSpace(rawVerbosity) && !Enum.TryParse(rawVerbosity, ignoreCase: true, out verbosity))
        {
            throw new InvalidOperationException(
                $"{VerbosityVariable} must be one of {string.Join(", ", Enum.GetNames<VerbosityLevel>())}, got '{rawVerbosity}'.");
        }

        return new SystematicSettings(
            iterations, fixedSeed, randomSeed, replay is null ? null : Path.GetFullPath(replay), reportRoot, verbosity);
    }
}
