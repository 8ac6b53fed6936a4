using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.Rewriting;
using Microsoft.Coyote.SystematicTesting;

namespace Guarded.Coyote;

/// <summary>
/// Runs a test body under Coyote's <see cref="TestingEngine"/>, which explores many interleavings of its tasks.
/// Works from any test framework: a failed expectation throws <see cref="SystematicTestException"/>.
/// </summary>
/// <remarks>
/// <para>Settings come from the environment (see the package README): <c>GUARDED_COYOTE_ITERATIONS</c>,
/// <c>GUARDED_COYOTE_SEED</c> (default: a fixed seed per test, derived from its name, so CI is deterministic),
/// <c>GUARDED_COYOTE_REPLAY</c>, <c>GUARDED_COYOTE_VERBOSITY</c>, <c>GUARDED_COYOTE_REPORTS</c>.</para>
/// <para>Coyote controls only rewritten assemblies; every call first checks that the test's assembly and the references
/// the build rewrote (Guarded.Coyote.targets) really are rewritten, so an unrewritten test cannot pass by exploring nothing.</para>
/// <para>Run one exploration at a time per process (for xUnit: <c>[assembly: CollectionBehavior(DisableTestParallelization = true)]</c>).</para>
/// </remarks>
public static class SystematicTest
{
    /// <summary>Explores <paramref name="test"/> and throws <see cref="SystematicTestException"/> if Coyote finds any bug.</summary>
    /// <returns>What the exploration found (no bug).</returns>
    public static SystematicTestResult Run(
        Func<Task> test,
        SystematicTestOptions? options = null,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerName = "")
    {
        SystematicTestResult result = Explore(test, options, callerFile, callerName);
        if (result.FoundBug)
        {
            throw new SystematicTestException(result.Describe("Coyote found a bug"), result);
        }

        return result;
    }

    /// <summary>
    /// Explores <paramref name="test"/> (code with a known race, a deliberately broken twin) and throws
    /// <see cref="SystematicTestException"/> unless Coyote finds a bug whose report contains
    /// <paramref name="expectedMessage"/> and saves a replayable trace of it. A test that cannot fail proves nothing.
    /// </summary>
    /// <returns>What the exploration found (the bug, its seed and trace).</returns>
    public static SystematicTestResult FindsBug(
        Func<Task> test,
        string expectedMessage,
        SystematicTestOptions? options = null,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerName = "") =>
        FindsBug(test, new[] { expectedMessage }, options, callerFile, callerName);

    /// <summary>
    /// Like the single-message overload, for a race that
    /// Coyote can report in more than one way depending on the schedule (for example as the broken invariant or, first,
    /// as a data race on the collection involved): the bug report must contain one of <paramref name="expectedMessages"/>.
    /// </summary>
    /// <returns>What the exploration found (the bug, its seed and trace).</returns>
    public static SystematicTestResult FindsBug(
        Func<Task> test,
        IReadOnlyList<string> expectedMessages,
        SystematicTestOptions? options = null,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerName = "")
    {
        ArgumentNullException.ThrowIfNull(expectedMessages);
        if (expectedMessages.Count == 0 || expectedMessages.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Expected at least one non-empty message.", nameof(expectedMessages));
        }

        string expected = string.Join(" or ", expectedMessages.Select(m => $"\"{m}\""));
        SystematicTestResult result = Explore(test, options, callerFile, callerName);
        if (!result.FoundBug)
        {
            throw new SystematicTestException(result.Describe(
                $"Coyote found no bug, expected one reporting {expected}; the test proves nothing"), result);
        }

        if (!result.Bugs.Any(b => expectedMessages.Any(m => b.Contains(m, StringComparison.Ordinal))))
        {
            throw new SystematicTestException(result.Describe($"Coyote found a bug, but not the expected {expected}"), result);
        }

        if (result.TraceFile is null)
        {
            throw new SystematicTestException(result.Describe("Coyote found the bug but saved no reproducible trace"), result);
        }

        return result;
    }

    /// <summary>
    /// Replays the interleaving saved in <paramref name="traceFile"/> (a <c>.trace</c> written when a bug was found)
    /// once, deterministically, and returns what it found; reports go to a <c>replay</c> folder next to the test's reports.
    /// The same happens inside Run, FindsBug and Explore when <c>GUARDED_COYOTE_REPLAY</c> is set.
    /// </summary>
    public static SystematicTestResult Replay(
        Func<Task> test,
        string traceFile,
        SystematicTestOptions? options = null,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerName = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(traceFile);
        if (!File.Exists(traceFile))
        {
            throw new FileNotFoundException("No Coyote trace at this path.", traceFile);
        }

        return Explore(test, options, callerFile, callerName, Path.GetFullPath(traceFile));
    }

    /// <summary>
    /// Explores <paramref name="test"/> and returns what Coyote found, without judging it (for custom assertions).
    /// </summary>
    public static SystematicTestResult Explore(
        Func<Task> test,
        SystematicTestOptions? options = null,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerName = "") =>
        Explore(test, options, callerFile, callerName, SystematicSettings.Current.ReplayTrace);

    /// <summary>
    /// The assemblies this test run needs rewritten (the test's own, the references the build declared and
    /// <paramref name="extra"/>) that are not; empty when all are.
    /// </summary>
    public static IReadOnlyList<string> FindUnrewrittenAssemblies(Assembly testAssembly, IEnumerable<Assembly>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        var required = new List<Assembly> { testAssembly };
        foreach (var declared in testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().Where(a => a.Key == SystematicSettings.RewrittenMetadata))
        {
            if (!string.IsNullOrEmpty(declared.Value))
            {
                required.Add(Assembly.Load(new AssemblyName(declared.Value)));
            }
        }

        required.AddRange(extra ?? Array.Empty<Assembly>());
        return required
            .Distinct()
            .Where(a => !RewritingEngine.IsAssemblyRewritten(a))
            .Select(a => $"{a.GetName().Name} ({a.Location})")
            .ToList();
    }

    private static SystematicTestResult Explore(Func<Task> test, SystematicTestOptions? options, string callerFile, string callerName, string? replayTrace)
    {
        ArgumentNullException.ThrowIfNull(test);
        options ??= new SystematicTestOptions();
        Assembly testAssembly = test.Method.DeclaringType?.Assembly ?? Assembly.GetCallingAssembly();
        IReadOnlyList<string> unrewritten = FindUnrewrittenAssemblies(testAssembly, options.RewrittenAssemblies);
        if (unrewritten.Count > 0)
        {
            throw new SystematicTestException(
                $"Not rewritten by Coyote: {string.Join(", ", unrewritten)}. Coyote would control nothing. Reference the Guarded.Coyote " +
                "package (its build/Guarded.Coyote.targets rewrites the test project and its project references after every build; " +
                "list other assemblies with <CoyoteRewrite Include=\"Name.dll\" />) and do not build with CoyoteRewriteEnabled=false.");
        }

        SystematicSettings settings = SystematicSettings.Current;
        string testName = Path.GetFileNameWithoutExtension(callerFile) + "." + callerName;
        uint iterations = settings.IterationsFor(testAssembly, options.IterationScale);
        uint seed = settings.SeedFor(testName);

        Configuration configuration = Configuration.Create()
            .WithTestingIterations(iterations)
            .WithRandomGeneratorSeed(seed)
            .WithVerbosityEnabled(settings.Verbosity)
            .WithConsoleLoggingEnabled(false)
            .WithTelemetryEnabled(false);
        if (options.InterleaveFieldAccesses)
        {
            configuration = configuration.WithMemoryAccessRaceCheckingEnabled(true);
        }

        if (options.Configure is not null)
        {
            configuration = options.Configure(configuration);
        }

        if (replayTrace is not null)
        {
            configuration = configuration.WithReproducibleTrace(File.ReadAllText(replayTrace));
        }

        // The engine's log goes to memory, not to the test host's console, and is saved with the reports.
        using var log = new StringWriter(CultureInfo.InvariantCulture);
        using TestingEngine engine = TestingEngine.Create(configuration, test);
        engine.SetLogger(new TextWriterLogger(log, settings.Verbosity));
        engine.Run();

        TestReport report = engine.TestReport;
        List<string> bugs = report.BugReports.ToList();
        string? reportDirectory = null;
        var files = new List<string>();
        if (bugs.Count > 0)
        {
            string root = options.ReportDirectory ?? settings.ReportRoot ?? Path.Combine(AppContext.BaseDirectory, "TestResults", "coyote");
            // A replay reports next to, never over, the trace it replays.
            reportDirectory = Path.Combine(root, SafeFileName(testName), replayTrace is null ? string.Empty : "replay");
            Directory.CreateDirectory(reportDirectory);
            foreach (string stale in Directory.EnumerateFiles(reportDirectory))
            {
                File.Delete(stale);
            }

            if (engine.TryEmitReports(reportDirectory, "coyote", out IEnumerable<string> emitted))
            {
                files.AddRange(emitted);
            }

            string engineLog = Path.Combine(reportDirectory, "coyote.log");
            File.WriteAllText(engineLog, log.ToString());
            files.Add(engineLog);
        }

        return new SystematicTestResult(
            testName,
            seed,
            replayTrace is null ? iterations : 1,
            report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths,
            bugs,
            reportDirectory,
            files,
            replayTrace);
    }

    private static string SafeFileName(string name)
    {
        char[] invalid = Path.GetInvalidFileNameChars();
        return new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
    }
}
