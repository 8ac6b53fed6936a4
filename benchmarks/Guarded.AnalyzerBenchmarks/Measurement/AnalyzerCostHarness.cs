using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Cli.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.AnalyzerBenchmarks.Measurement;

/// <summary>How to measure: warm-up and measured rounds, and whether the compiler and the analyzer driver use threads.</summary>
/// <param name="WarmupPairs">Unmeasured rounds run first at each code base.</param>
/// <param name="MeasuredPairs">Measured rounds (compile; compile + control analyzer; compile + Guarded); medians are taken over them.</param>
/// <param name="Concurrent">
/// <see langword="false"/>: compile on one thread (<c>ConcurrentBuild</c> off) and run the analyzers without concurrent
/// execution, so both sides measure the same single-threaded work on a machine whose other cores are busy.
/// </param>
public sealed record HarnessSettings(int WarmupPairs, int MeasuredPairs, bool Concurrent);

/// <summary>Wall time and the process's CPU time (all threads) of one timed run.</summary>
public readonly record struct RunTime(TimeSpan Wall, TimeSpan Cpu)
{
    public static RunTime operator -(RunTime left, RunTime right) => new(left.Wall - right.Wall, left.Cpu - right.Cpu);
}

/// <summary>One measured round, each run on its own fresh compilation.</summary>
/// <param name="Compile">Parse + bind + compiler diagnostics.</param>
/// <param name="CompileWithBaseline">The same work with only <see cref="DriverBaselineAnalyzer"/> attached.</param>
/// <param name="CompileWithAnalyzers">The same work with the Guarded analyzers attached.</param>
public sealed record PairSample(RunTime Compile, RunTime CompileWithBaseline, RunTime CompileWithAnalyzers)
{
    /// <summary>What the Guarded analyzers added to the compile in this round.</summary>
    public RunTime Increment => CompileWithAnalyzers - Compile;

    /// <summary>What the Guarded analyzers cost beyond the control analyzer in this round.</summary>
    public RunTime GuardedOnly => CompileWithAnalyzers - CompileWithBaseline;
}

/// <summary>Roslyn's execution-time accounting of one analyzer in the logged run.</summary>
public sealed record AnalyzerTime(string Analyzer, string Rules, TimeSpan ExecutionTime);

/// <summary>What the harness measured for one code base.</summary>
public sealed record CostMeasurement(
    string Name,
    int Files,
    int RealLines,
    IReadOnlyList<PairSample> Samples,
    int CompilerErrors,
    int AnalyzerExceptions,
    ImmutableSortedDictionary<string, int> FindingsByRule,
    IReadOnlyList<AnalyzerTime> AnalyzerTimes,
    TimeSpan LoggedRunWallTime)
{
    /// <summary>Median compile time.</summary>
    public RunTime Compile => new(Median(Samples.Select(s => s.Compile.Wall)), Median(Samples.Select(s => s.Compile.Cpu)));

    /// <summary>Median compile + analyzers time.</summary>
    public RunTime CompileWithAnalyzers => new(Median(Samples.Select(s => s.CompileWithAnalyzers.Wall)), Median(Samples.Select(s => s.CompileWithAnalyzers.Cpu)));

    /// <summary>Median of the per-pair increments: what the analyzers add, with load drift cancelled pair by pair.</summary>
    public RunTime AnalyzerIncrement => new(Median(Samples.Select(s => s.Increment.Wall)), Median(Samples.Select(s => s.Increment.Cpu)));

    /// <summary>Median over the rounds of what the Guarded analyzers cost beyond the control analyzer.</summary>
    public RunTime GuardedOnly => new(Median(Samples.Select(s => s.GuardedOnly.Wall)), Median(Samples.Select(s => s.GuardedOnly.Cpu)));

    /// <summary>Median over the rounds of what the control analyzer costs over the compile.</summary>
    public RunTime DriverFloor => new(Median(Samples.Select(s => (s.CompileWithBaseline - s.Compile).Wall)), Median(Samples.Select(s => (s.CompileWithBaseline - s.Compile).Cpu)));

    /// <summary>Guarded beyond the control analyzer, over compile time, in CPU time.</summary>
    public double GuardedOnlyCpuRatio => GuardedOnly.Cpu.TotalMilliseconds / Compile.Cpu.TotalMilliseconds;

    /// <summary>Analyzer increment over compile time, in CPU time.</summary>
    public double CpuRatio => AnalyzerIncrement.Cpu.TotalMilliseconds / Compile.Cpu.TotalMilliseconds;

    /// <summary>Analyzer increment over compile time, in wall time.</summary>
    public double WallRatio => AnalyzerIncrement.Wall.TotalMilliseconds / Compile.Wall.TotalMilliseconds;

    /// <summary>Sum of the analyzers' execution times as Roslyn logged them.</summary>
    public TimeSpan LoggedAnalyzerTime => AnalyzerTimes.Aggregate(TimeSpan.Zero, (sum, a) => sum + a.ExecutionTime);

    /// <summary>Median of <paramref name="values"/> (the mean of the two middle values for an even count).</summary>
    public static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        if (sorted.Count == 0)
        {
            return TimeSpan.Zero;
        }

        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>
/// Measures the Guarded analyzers against the compiler on the same fresh compilations. Compile: parse every source,
/// create the compilation and ask for its diagnostics (declaration and method-body binding, flow analysis; no emit).
/// Compile + analyzers: the same on another fresh compilation through <see cref="CompilationWithAnalyzers.GetAllDiagnosticsAsync(CancellationToken)"/>,
/// which is what a build does when analyzers are attached. The analyzers' cost is the difference, paired run by run.
/// </summary>
public static class AnalyzerCostHarness
{
    /// <summary>Measures <paramref name="inputs"/> (all projects of one code base, compiled one after the other).</summary>
    public static async Task<CostMeasurement> MeasureAsync(
        string name,
        IReadOnlyList<CompilationInput> inputs,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        HarnessSettings settings,
        Action<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        inputs = inputs.Select(i => i.WithConcurrentBuild(settings.Concurrent)).ToList();
        var baseline = ImmutableArray.Create<DiagnosticAnalyzer>(new DriverBaselineAnalyzer());
        for (int i = 0; i < settings.WarmupPairs; i++)
        {
            await CompileAsync(inputs, cancellationToken).ConfigureAwait(false);
            await CompileWithAnalyzersAsync(inputs, baseline, settings.Concurrent, cancellationToken).ConfigureAwait(false);
            await CompileWithAnalyzersAsync(inputs, analyzers, settings.Concurrent, cancellationToken).ConfigureAwait(false);
            progress?.Invoke($"{name}: warm-up {i + 1}/{settings.WarmupPairs} done");
        }

        var samples = new List<PairSample>();
        for (int i = 0; i < settings.MeasuredPairs; i++)
        {
            // Rotate the order so a load change during a round does not always favour the same run.
            var times = new RunTime[3];
            for (int k = 0; k < 3; k++)
            {
                int which = (i + k) % 3;
                times[which] = which switch
                {
                    0 => (await CompileAsync(inputs, cancellationToken).ConfigureAwait(false)).Elapsed,
                    1 => (await CompileWithAnalyzersAsync(inputs, baseline, settings.Concurrent, cancellationToken).ConfigureAwait(false)).Elapsed,
                    _ => (await CompileWithAnalyzersAsync(inputs, analyzers, settings.Concurrent, cancellationToken).ConfigureAwait(false)).Elapsed,
                };
            }

            var sample = new PairSample(times[0], times[1], times[2]);
            samples.Add(sample);
            progress?.Invoke(FormattableString.Invariant($"{name}: round {i + 1}/{settings.MeasuredPairs}: CPU ms compile {sample.Compile.Cpu.TotalMilliseconds:F0}, + control {sample.CompileWithBaseline.Cpu.TotalMilliseconds:F0}, + Guarded {sample.CompileWithAnalyzers.Cpu.TotalMilliseconds:F0}; wall ms {sample.Compile.Wall.TotalMilliseconds:F0}, {sample.CompileWithBaseline.Wall.TotalMilliseconds:F0}, {sample.CompileWithAnalyzers.Wall.TotalMilliseconds:F0}"));
        }

        // Compiler errors of a fresh compile, then one more run with Roslyn's execution-time logging on (it adds
        // overhead, so it is not one of the pairs). Logging needs the driver's state-tracking path, which is what
        // `guarded check --stats` uses: analyzer diagnostics only, then the telemetry per analyzer.
        (_, ImmutableArray<Diagnostic> compilerDiagnostics) = await CompileAsync(inputs, cancellationToken).ConfigureAwait(false);
        AnalysisRun logged = await AnalyzeLoggedAsync(inputs, analyzers, settings.Concurrent, cancellationToken).ConfigureAwait(false);
        var findings = logged.Diagnostics
            .Where(d => d.Id.StartsWith("GRD", StringComparison.Ordinal) && !d.IsSuppressed)
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new CostMeasurement(
            name,
            inputs.Sum(i => i.Sources.Length),
            inputs.Sum(i => i.RealLines),
            samples,
            compilerDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Error),
            logged.Diagnostics.Count(d => d.Id == AnalysisRunner.AnalyzerExceptionId),
            findings,
            logged.AnalyzerTimes,
            logged.Elapsed);
    }

    /// <summary>Compiler diagnostics of fresh compilations of <paramref name="inputs"/>, timed.</summary>
    public static Task<(RunTime Elapsed, ImmutableArray<Diagnostic> Diagnostics)> CompileAsync(IReadOnlyList<CompilationInput> inputs, CancellationToken cancellationToken)
    {
        Settle();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var clock = Clock.Start();
        foreach (CompilationInput input in inputs)
        {
            diagnostics.AddRange(input.CreateFresh(cancellationToken).GetDiagnostics(cancellationToken));
        }

        return Task.FromResult((clock.Elapsed, diagnostics.ToImmutable()));
    }

    /// <summary>Compiler and analyzer diagnostics of fresh compilations of <paramref name="inputs"/>, timed.</summary>
    public static async Task<(RunTime Elapsed, ImmutableArray<Diagnostic> Diagnostics)> CompileWithAnalyzersAsync(
        IReadOnlyList<CompilationInput> inputs,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        bool concurrent,
        CancellationToken cancellationToken)
    {
        Settle();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var clock = Clock.Start();
        foreach (CompilationInput input in inputs)
        {
            CompilationWithAnalyzers withAnalyzers = input.CreateFresh(cancellationToken).WithAnalyzers(analyzers, Options(input, concurrent, logTime: false));
            diagnostics.AddRange(await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false));
        }

        return (clock.Elapsed, diagnostics.ToImmutable());
    }

    /// <summary>
    /// Analyzer diagnostics of fresh compilations of <paramref name="inputs"/> with Roslyn's execution-time logging on,
    /// and each analyzer's logged time summed over the inputs.
    /// </summary>
    public static async Task<AnalysisRun> AnalyzeLoggedAsync(
        IReadOnlyList<CompilationInput> inputs,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        bool concurrent,
        CancellationToken cancellationToken)
    {
        Settle();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var times = new Dictionary<DiagnosticAnalyzer, TimeSpan>();
        var clock = new Stopwatch();
        foreach (CompilationInput input in inputs)
        {
            clock.Start();
            CompilationWithAnalyzers withAnalyzers = input.CreateFresh(cancellationToken).WithAnalyzers(analyzers, Options(input, concurrent, logTime: true));
            diagnostics.AddRange(await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false));
            clock.Stop();
            foreach ((DiagnosticAnalyzer analyzer, TimeSpan time) in await AnalysisRunner.GetExecutionTimesAsync(withAnalyzers, cancellationToken).ConfigureAwait(false))
            {
                times[analyzer] = times.TryGetValue(analyzer, out TimeSpan sum) ? sum + time : time;
            }
        }

        var analyzerTimes = times
            .Select(p => new AnalyzerTime(
                p.Key.GetType().Name,
                string.Join(", ", p.Key.SupportedDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal)),
                p.Value))
            .OrderByDescending(a => a.ExecutionTime)
            .ToList();
        return new AnalysisRun(clock.Elapsed, diagnostics.ToImmutable(), analyzerTimes);
    }

    private static CompilationWithAnalyzersOptions Options(CompilationInput input, bool concurrent, bool logTime) => new(
        input.AnalyzerOptions,
        onAnalyzerException: null,
        concurrentAnalysis: concurrent,
        logAnalyzerExecutionTime: logTime,
        reportSuppressedDiagnostics: false);

    /// <summary>Wall time and process CPU time since <see cref="Start"/>.</summary>
    private readonly struct Clock
    {
        private readonly long _wall;
        private readonly TimeSpan _cpu;

        private Clock(long wall, TimeSpan cpu)
        {
            _wall = wall;
            _cpu = cpu;
        }

        public static Clock Start() => new(Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);

        public RunTime Elapsed => new(Stopwatch.GetElapsedTime(_wall), Environment.CpuUsage.TotalTime - _cpu);
    }

    /// <summary>Starts each timed run from the same heap state.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}

/// <summary>One logged analyzer run: wall time, analyzer diagnostics, and Roslyn's execution time per analyzer.</summary>
public sealed record AnalysisRun(TimeSpan Elapsed, ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<AnalyzerTime> AnalyzerTimes);
