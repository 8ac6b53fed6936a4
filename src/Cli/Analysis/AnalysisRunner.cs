using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Cli.Loading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Analysis;

/// <summary>What one run found.</summary>
/// <param name="Findings">Findings ordered by file, position and rule, without duplicates across target frameworks.</param>
/// <param name="Rules">Descriptors of every rule that ran, plus those of any reported analyzer failure.</param>
/// <param name="FileCount">Number of distinct source files analysed, not counting build-generated ones.</param>
/// <param name="ProjectCount">Number of compilations analysed.</param>
/// <param name="Timing">Analyzer execution time per rule and the analysis wall time, when it was asked for.</param>
internal sealed record AnalysisReport(IReadOnlyList<Finding> Findings, IReadOnlyList<DiagnosticDescriptor> Rules, int FileCount, int ProjectCount, AnalysisTiming? Timing = null);

/// <summary>Where the analysis time went: the execution time Roslyn measured for each rule's analyzer, and the wall time.</summary>
/// <param name="ByRule">Execution time of each rule whose analyzer reports that rule alone, summed over projects.</param>
/// <param name="SharedByAnalyzer">
/// Execution time of each analyzer that hosts several rules (Roslyn measures analyzers, not rules), by analyzer type
/// name, with the rule ids it hosts; summed over projects.
/// </param>
/// <param name="AllAnalyzers">Execution time of all analyzers together (each counted once), summed over projects.</param>
/// <param name="WallTime">Wall time of the analysis (compiling included), summed over projects.</param>
internal sealed record AnalysisTiming(
    IReadOnlyDictionary<string, TimeSpan> ByRule,
    IReadOnlyDictionary<string, (IReadOnlyList<string> RuleIds, TimeSpan Time)> SharedByAnalyzer,
    TimeSpan AllAnalyzers,
    TimeSpan WallTime);

/// <summary>Runs analyzers over loaded compilations the way the compiler would, honouring .editorconfig.</summary>
internal static class AnalysisRunner
{
    /// <summary>The id Roslyn uses for an exception thrown by an analyzer.</summary>
    internal const string AnalyzerExceptionId = "AD0001";

    /// <summary>
    /// Turns on the rules that are off by default when <c>--rule</c> names them: asking for a rule by name is asking to
    /// see its findings. A severity the project or its <c>.editorconfig</c> sets for the rule still wins.
    /// </summary>
    internal static Compilation EnableRequestedRules(Compilation compilation, IEnumerable<DiagnosticDescriptor> rules, IReadOnlySet<string>? ruleFilter)
    {
        if (ruleFilter is not { Count: > 0 })
        {
            return compilation;
        }

        var specific = compilation.Options.SpecificDiagnosticOptions;
        foreach (DiagnosticDescriptor rule in rules)
        {
            if (!rule.IsEnabledByDefault && ruleFilter.Contains(rule.Id) && !specific.ContainsKey(rule.Id) && !IsConfigured(compilation, rule.Id))
            {
                specific = specific.SetItem(rule.Id, ReportDiagnosticFor(rule.DefaultSeverity));
            }
        }

        return specific == compilation.Options.SpecificDiagnosticOptions
            ? compilation
            : compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(specific));
    }

    /// <summary>Whether an <c>.editorconfig</c> or global config of the code sets a severity for <paramref name="id"/>.</summary>
    private static bool IsConfigured(Compilation compilation, string id)
    {
        if (compilation.Options.SyntaxTreeOptionsProvider is not { } provider)
        {
            return false;
        }

        return provider.TryGetGlobalDiagnosticValue(id, CancellationToken.None, out _) ||
            compilation.SyntaxTrees.Any(tree => provider.TryGetDiagnosticValue(tree, id, CancellationToken.None, out _));
    }

    private static ReportDiagnostic ReportDiagnosticFor(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => ReportDiagnostic.Error,
        DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
        DiagnosticSeverity.Info => ReportDiagnostic.Info,
        _ => ReportDiagnostic.Hidden,
    };

    /// <summary>
    /// Runs <paramref name="analyzers"/> over every project of <paramref name="load"/>, reporting each project to
    /// <paramref name="progress"/> when it is not null. Suppressed diagnostics
    /// (pragma, <c>[SuppressMessage]</c>, severity <c>none</c>) and hidden ones are dropped; analyzer exceptions
    /// (AD0001) are kept and raised to errors, because they are bugs in Guarded.
    /// </summary>
    public static async Task<AnalysisReport> RunAsync(
        LoadResult load,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        IReadOnlySet<string>? ruleFilter,
        Action<string>? progress,
        CancellationToken cancellationToken,
        bool measureTime = false)
    {
        if (ruleFilter is { Count: > 0 })
        {
            analyzers = analyzers
                .Where(analyzer => analyzer.SupportedDiagnostics.Any(d => ruleFilter.Contains(d.Id)))
                .ToImmutableArray();
        }

        var rules = new Dictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal);
        foreach (DiagnosticDescriptor descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            if (ruleFilter is not { Count: > 0 } || ruleFilter.Contains(descriptor.Id))
            {
                rules.TryAdd(descriptor.Id, descriptor);
            }
        }

        var findings = new List<Finding>();
        var seen = new HashSet<(string Id, SourceRegion? Region, string Message)>();
        var files = new HashSet<string>(StringComparer.Ordinal);
        var timeByRule = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var sharedTime = new Dictionary<string, (IReadOnlyList<string> RuleIds, TimeSpan Time)>(StringComparer.Ordinal);
        TimeSpan allAnalyzers = TimeSpan.Zero;
        var wallTime = System.Diagnostics.Stopwatch.StartNew();
        for (int index = 0; index < load.Projects.Count; index++)
        {
            LoadedProject project = load.Projects[index];
            foreach (SyntaxTree tree in project.Compilation.SyntaxTrees)
            {
                if (!IsBuildGenerated(tree.FilePath))
                {
                    files.Add(tree.FilePath);
                }
            }

            if (analyzers.IsEmpty)
            {
                continue;
            }

            progress?.Invoke($"[{index + 1}/{load.Projects.Count}] Analysing {project.Name}…");
            var options = new CompilationWithAnalyzersOptions(
                project.Options,
                onAnalyzerException: null,
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: measureTime,
                reportSuppressedDiagnostics: false);
            CompilationWithAnalyzers withAnalyzers = EnableRequestedRules(project.Compilation, rules.Values, ruleFilter).WithAnalyzers(analyzers, options);
            ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            if (measureTime)
            {
                foreach ((DiagnosticAnalyzer analyzer, TimeSpan time) in await GetExecutionTimesAsync(withAnalyzers, cancellationToken).ConfigureAwait(false))
                {
                    allAnalyzers += time;
                    var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
                    if (ids.Count == 1)
                    {
                        timeByRule[ids[0]] = timeByRule.TryGetValue(ids[0], out TimeSpan sum) ? sum + time : time;
                    }
                    else
                    {
                        string name = analyzer.GetType().Name;
                        sharedTime[name] = (ids, sharedTime.TryGetValue(name, out var shared) ? shared.Time + time : time);
                    }
                }
            }

            foreach (Diagnostic diagnostic in diagnostics)
            {
                bool analyzerFailure = diagnostic.Id == AnalyzerExceptionId;
                if (diagnostic.IsSuppressed || (!analyzerFailure && diagnostic.Severity == DiagnosticSeverity.Hidden))
                {
                    continue;
                }

                if (!analyzerFailure && ruleFilter is { Count: > 0 } && !ruleFilter.Contains(diagnostic.Id))
                {
                    continue;
                }

                Finding finding = ToFinding(diagnostic, analyzerFailure);
                if (seen.Add((finding.Id, finding.Region, finding.Message)))
                {
                    findings.Add(finding);
                    rules.TryAdd(diagnostic.Id, diagnostic.Descriptor);
                }
            }
        }

        findings.Sort(CompareFindings);
        var orderedRules = rules.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        AnalysisTiming? timing = measureTime ? new AnalysisTiming(timeByRule, sharedTime, allAnalyzers, wallTime.Elapsed) : null;
        return new AnalysisReport(findings, orderedRules, files.Count, load.Projects.Count, timing);
    }

    /// <summary>
    /// The execution time Roslyn measured for each analyzer of <paramref name="withAnalyzers"/>, in the order of
    /// <see cref="CompilationWithAnalyzers.Analyzers"/>. The analyzers must have run with
    /// <see cref="CompilationWithAnalyzersOptions.LogAnalyzerExecutionTime"/> on; otherwise every time is zero.
    /// </summary>
    internal static async Task<IReadOnlyList<(DiagnosticAnalyzer Analyzer, TimeSpan ExecutionTime)>> GetExecutionTimesAsync(
        CompilationWithAnalyzers withAnalyzers,
        CancellationToken cancellationToken)
    {
        var times = new List<(DiagnosticAnalyzer, TimeSpan)>(withAnalyzers.Analyzers.Length);
        foreach (DiagnosticAnalyzer analyzer in withAnalyzers.Analyzers)
        {
            Microsoft.CodeAnalysis.Diagnostics.Telemetry.AnalyzerTelemetryInfo telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
            times.Add((analyzer, telemetry.ExecutionTime));
        }

        return times;
    }

    /// <summary>Files the build or the loader generated (obj/, *.g.cs), which are not counted as analysed sources.</summary>
    private static bool IsBuildGenerated(string path)
    {
        string normalized = path.Replace('\\', '/');
        return normalized.Contains("/obj/", StringComparison.OrdinalIgnoreCase)
            || normalized.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase)
            || normalized.EndsWith(".g.i.cs", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Detaches <paramref name="diagnostic"/> from its compilation; analyzer failures become errors.</summary>
    internal static Finding ToFinding(Diagnostic diagnostic, bool analyzerFailure)
    {
        SourceRegion? region = SourceRegion.From(diagnostic.Location);
        var additional = diagnostic.AdditionalLocations
            .Select(SourceRegion.From)
            .OfType<SourceRegion>()
            .ToList();
        return new Finding(
            diagnostic.Id,
            analyzerFailure ? DiagnosticSeverity.Error : diagnostic.Severity,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            region,
            region is null ? null : diagnostic.Location.SourceTree?.GetText(),
            additional,
            diagnostic.Descriptor);
    }

    private static int CompareFindings(Finding left, Finding right)
    {
        int result = string.CompareOrdinal(left.Region?.Path, right.Region?.Path);
        if (result == 0)
        {
            result = (left.Region?.StartLine ?? 0).CompareTo(right.Region?.StartLine ?? 0);
        }

        if (result == 0)
        {
            result = (left.Region?.StartColumn ?? 0).CompareTo(right.Region?.StartColumn ?? 0);
        }

        return result != 0 ? result : string.CompareOrdinal(left.Id, right.Id);
    }
}
