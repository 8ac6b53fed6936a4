using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Coyote.Logging;

namespace Guarded.Coyote;

/// <summary>
/// The knobs of every systematic test in a process, read once from the environment:
/// <c>GUARDED_COYOTE_ITERATIONS</c> (iterations per test), <c>GUARDED_COYOTE_SEED</c> (a number, or <c>random</c>),
/// <c>GUARDED_COYOTE_REPLAY</c> (a saved <c>.trace</c> to replay), <c>GUARDED_COYOTE_VERBOSITY</c> (Coyote's log
/// level for the saved log) and <c>GUARDED_COYOTE_REPORTS</c> (where reports go).
/// </summary>
internal sealed class SystematicSettings
{
    public const string IterationsVariable = "GUARDED_COYOTE_ITERATIONS";
    public const string SeedVariable = "GUARDED_COYOTE_SEED";
    public const string ReplayVariable = "GUARDED_COYOTE_REPLAY";
    public const string ReportsVariable = "GUARDED_COYOTE_REPORTS";
    public const string VerbosityVariable = "GUARDED_COYOTE_VERBOSITY";

    /// <summary>Assembly metadata key written by Guarded.Coyote.targets from the <c>CoyoteIterations</c> property.</summary>
    public const string IterationsMetadata = "Guarded.Coyote.Iterations";

    /// <summary>Assembly metadata key (one per assembly) written by Guarded.Coyote.targets for each rewritten reference.</summary>
    public const string RewrittenMetadata = "Guarded.Coyote.Rewritten";

    /// <summary>Iterations when neither the environment nor the project sets them.</summary>
    public const uint DefaultIterations = 100;

    /// <summary>Mixed into the per-test default seed.</summary>
    private const uint DefaultSeedBase = 20_251_123;

    private static readonly Lazy<SystematicSettings> s_current = new(FromEnvironment);

    private SystematicSettings(uint? iterations, uint? fixedSeed, bool randomSeed, string? replayTrace, string? reportRoot, VerbosityLevel verbosity)
    {
        Iterations = iterations;
        FixedSeed = fixedSeed;
        RandomSeed = randomSeed;
        ReplayTrace = replayTrace;
        ReportRoot = reportRoot;
        Verbosity = verbosity;
    }

    public static SystematicSettings Current => s_current.Value;

    public uint? Iterations { get; }

    public uint? FixedSeed { get; }

    public bool RandomSeed { get; }

    public string? ReplayTrace { get; }

    public string? ReportRoot { get; }

    public VerbosityLevel Verbosity { get; }

    /// <summary>The environment's iterations, else the test project's <c>CoyoteIterations</c>, else the default; scaled.</summary>
    public uint IterationsFor(Assembly testAssembly, double scale)
    {
        uint configured = Iterations ?? ProjectIterations(testAssembly) ?? DefaultIterations;
        return (uint)Math.Max(1, Math.Round(configured * scale));
    }

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

    private static uint? ProjectIterations(Assembly testAssembly)
    {
        string? raw = testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == IterationsMetadata)?.Value;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (!uint.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out uint iterations) || iterations == 0)
        {
            throw new InvalidOperationException($"The CoyoteIterations property of {testAssembly.GetName().Name} must be a positive integer, got '{raw}'.");
        }

        return iterations;
    }

    private static SystematicSettings FromEnvironment()
    {
        uint? iterations = null;
        string? rawIterations = Environment.GetEnvironmentVariable(IterationsVariable);
        if (!string.IsNullOrWhiteSpace(rawIterations))
        {
            if (!uint.TryParse(rawIterations, NumberStyles.None, CultureInfo.InvariantCulture, out uint parsed) || parsed == 0)
            {
                throw new InvalidOperationException($"{IterationsVariable} must be a positive integer, got '{rawIterations}'.");
            }

            iterations = parsed;
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
        VerbosityLevel verbosity = VerbosityLevel.None;
        string? rawVerbosity = Environment.GetEnvironmentVariable(VerbosityVariable);
        if (!string.IsNullOrWhiteSpace(rawVerbosity) && !Enum.TryParse(rawVerbosity, ignoreCase: true, out verbosity))
        {
            throw new InvalidOperationException(
                $"{VerbosityVariable} must be one of {string.Join(", ", Enum.GetNames<VerbosityLevel>())}, got '{rawVerbosity}'.");
        }

        return new SystematicSettings(
            iterations,
            fixedSeed,
            randomSeed,
            replay is null ? null : Path.GetFullPath(replay),
            string.IsNullOrWhiteSpace(reports) ? null : Path.GetFullPath(reports),
            verbosity);
    }
}
