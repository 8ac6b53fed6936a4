using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Cli.Analysis;
using Guarded.Cli.Loading;
using Guarded.Cli.Reporting;
using Microsoft.CodeAnalysis;

namespace Guarded.Cli.Commands;

/// <summary>The lowest severity that makes <c>guarded check</c> exit with 1.</summary>
internal enum FailLevel
{
    /// <summary>Only errors fail (the default).</summary>
    Error,

    /// <summary>Warnings and errors fail (CI gates).</summary>
    Warning,

    /// <summary>Any reported finding fails.</summary>
    Info,

    /// <summary>Never fail because of findings.</summary>
    None,
}

/// <summary>The parsed arguments of <c>guarded check</c>.</summary>
/// <param name="Path">Solution, project, folder or file; <see langword="null"/> for the current directory (the bundled sample inside this repository).</param>
/// <param name="FailOn">The lowest severity that fails the run.</param>
/// <param name="SarifPath">Where to write SARIF, if anywhere.</param>
/// <param name="Rules">Rule ids to run; empty for all.</param>
/// <param name="NoColor">Whether colors were turned off explicitly.</param>
/// <param name="Progress">Whether to print per-project progress on stderr even when stdout is redirected.</param>
/// <param name="Stats">Whether to print per-rule counts and analyzer execution time.</param>
/// <param name="Framework">The target framework of multi-targeting projects to analyse; null for the default.</param>
internal sealed record CheckSettings(string? Path, FailLevel FailOn, string? SarifPath, IReadOnlyList<string> Rules, bool NoColor, bool Progress = false, bool Stats = false, string? Framework = null);

/// <summary><c>guarded check [PATH]</c>: analyse code with the Guarded rules and report what they find.</summary>
internal static class CheckCommand
{
    /// <summary>Builds the <c>check</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var path = new Argument<string?>("PATH")
        {
            Description = "A .sln/.slnx, a .csproj, a folder or a .cs file. Default: the current directory (inside this repository: the bundled samples/Cafe).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit with 1 when a finding at or above this severity is reported.",
            DefaultValueFactory = _ => "error",
            HelpName = "error|warning|info|none",
        };
        failOn.AcceptOnlyFromAmong("error", "warning", "info", "none");
        var sarif = new Option<string?>("--sarif")
        {
            Description = "Also write the findings as SARIF 2.1.0 to this file.",
            HelpName = "FILE",
        };
        var rules = new Option<string[]>("--rule")
        {
            Description = "Run only this rule (repeatable, or comma-separated), e.g. --rule GRD101.",
            HelpName = "ID",
        };
        var noColor = new Option<bool>("--no-color")
        {
            Description = "Do not color the output (also off when redirected or NO_COLOR is set).",
        };
        Option<bool> progress = ProgressOption();
        var stats = new Option<bool>("--stats")
        {
            Description = "Also print per-rule finding counts and analyzer execution time.",
        };

        Option<string?> framework = CommandInputs.FrameworkOption();

        var command = new Command("check", "Analyse C# code for check-then-act races, unguarded shared state and late flag resets.")
        {
            path,
            framework,
            failOn,
            sarif,
            rules,
            noColor,
            progress,
            stats,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new CheckSettings(
                parseResult.GetValue(path),
                Enum.Parse<FailLevel>(parseResult.GetValue(failOn) ?? "error", ignoreCase: true),
                parseResult.GetValue(sarif),
                parseResult.GetValue(rules) ?? [],
                parseResult.GetValue(noColor),
                parseResult.GetValue(progress),
                parseResult.GetValue(stats),
                parseResult.GetValue(framework));
            return ExecuteAsync(settings, context, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs the check; returns one of the <see cref="ExitCodes"/>.</summary>
    public static async Task<int> ExecuteAsync(CheckSettings settings, CliContext context, CancellationToken cancellationToken)
    {
        TextWriter error = context.Error;
        if (await CommandInputs.LoadAnalyzersAsync(context).ConfigureAwait(false) is not { } analyzers
            || await CommandInputs.ParseRulesAsync(settings.Rules, analyzers, context).ConfigureAwait(false) is not { } ruleFilter)
        {
            return ExitCodes.BadInput;
        }

        string? sarifPath = settings.SarifPath is null ? null : context.Resolve(settings.SarifPath);
        if (sarifPath is not null && WhyNotASarifFile(sarifPath) is { } problem)
        {
            // Checked before the analysis, which can take minutes, rather than after it.
            await error.WriteLineAsync($"error: cannot write SARIF to '{settings.SarifPath}': {problem}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        Action<string>? progress = CommandInputs.Progress(context, settings.Progress);
        using LoadResult? load = await CommandInputs.LoadTargetAsync(settings.Path, settings.Framework, context, progress, cancellationToken).ConfigureAwait(false);
        if (load is null)
        {
            return ExitCodes.BadInput;
        }

        if (analyzers.IsEmpty)
        {
            await error.WriteLineAsync($"warning: no analyzers were found in {AnalyzerCatalog.AnalyzerAssemblyName}; nothing to check.").ConfigureAwait(false);
        }

        AnalysisReport report = await AnalysisRunner.RunAsync(load, analyzers, ruleFilter, progress, cancellationToken, settings.Stats).ConfigureAwait(false);

        bool useColor = context.OutputIsTerminal && !settings.NoColor && string.IsNullOrEmpty(context.GetEnvironmentVariable("NO_COLOR"));
        new ConsoleReporter(context.Output, useColor, context.WorkingDirectory).Write(report);
        if (report.Timing is { } timing)
        {
            StatsReporter.Write(context.Output, report, timing);
        }

        foreach (Finding crash in report.Findings.Where(f => f.Id == AnalysisRunner.AnalyzerExceptionId))
        {
            await error.WriteLineAsync($"error: a Guarded analyzer crashed (AD0001) — this is a bug in Guarded, please report it: {crash.Message}").ConfigureAwait(false);
        }

        if (sarifPath is not null)
        {
            try
            {
                SarifWriter.Write(sarifPath, report, load.Root);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: cannot write SARIF to '{settings.SarifPath}': {exception.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
        }

        return report.Findings.Any(f => FailsAt(f.Severity, settings.FailOn)) ? ExitCodes.FindingsAtOrAboveThreshold : ExitCodes.Success;
    }

    /// <summary>
    /// Why <paramref name="path"/> cannot take the SARIF file (it is a folder, or a file stands where one of its
    /// folders would be created), or null.
    /// </summary>
    private static string? WhyNotASarifFile(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return "it is a folder; give the path of the file to write";
        }

        for (string? folder = Path.GetDirectoryName(full); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(folder))
            {
                return $"'{folder}' is a file, not a folder";
            }
        }

        return null;
    }

    /// <summary>The <c>--progress</c> option shared by the commands.</summary>
    internal static Option<bool> ProgressOption()
    {
        return new Option<bool>("--progress")
        {
            Description = "Print per-project progress on stderr (on by default when stdout is a terminal).",
        };
    }

    /// <summary>Whether a finding of <paramref name="severity"/> fails a run with <c>--fail-on</c> <paramref name="level"/>.</summary>
    internal static bool FailsAt(DiagnosticSeverity severity, FailLevel level)
    {
        return level switch
        {
            FailLevel.Error => severity >= DiagnosticSeverity.Error,
            FailLevel.Warning => severity >= DiagnosticSeverity.Warning,
            FailLevel.Info => severity >= DiagnosticSeverity.Info,
            _ => false,
        };
    }
}
