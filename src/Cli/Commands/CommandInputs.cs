using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Cli.Loading;
using System.CommandLine;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Commands;

/// <summary>
/// The input handling <c>check</c> and <c>fix</c> share: loading the analyzers, validating <c>--rule</c>, and loading
/// PATH, each printing its own error and returning <see langword="null"/> on bad input (exit code 2).
/// </summary>
internal static class CommandInputs
{
    /// <summary>Loads the analyzers of <paramref name="context"/>; prints the error and returns null when they do not load.</summary>
    public static async Task<ImmutableArray<DiagnosticAnalyzer>?> LoadAnalyzersAsync(CliContext context)
    {
        try
        {
            return context.Analyzers();
        }
        catch (Exception exception) when (exception is IOException or BadImageFormatException or TypeLoadException or System.Reflection.TargetInvocationException)
        {
            await context.Error.WriteLineAsync($"error: cannot load the Guarded analyzers: {exception.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// Parses <c>--rule</c> values (repeatable, comma-, semicolon- or space-separated, case-insensitive); prints the
    /// error and returns null when one names no rule of <paramref name="analyzers"/>.
    /// </summary>
    public static async Task<HashSet<string>?> ParseRulesAsync(IReadOnlyList<string> rules, ImmutableArray<DiagnosticAnalyzer> analyzers, CliContext context)
    {
        HashSet<string> ruleFilter = rules
            .SelectMany(r => r.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(r => r.ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);
        var knownRules = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        string[] unknown = ruleFilter.Where(r => !knownRules.Contains(r)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            string known = knownRules.Count == 0 ? "none are available" : "available: " + string.Join(", ", knownRules.Order(StringComparer.Ordinal));
            await context.Error.WriteLineAsync($"error: unknown rule {string.Join(", ", unknown)} ({known}).").ConfigureAwait(false);
            return null;
        }

        return ruleFilter;
    }

    /// <summary>
    /// Resolves and loads <paramref name="path"/> (when null: the current directory, or inside this repository the
    /// bundled sample); prints the reason and returns null on bad input. Load warnings are printed on stderr.
    /// </summary>
    /// <param name="path">The PATH argument; null for the default.</param>
    /// <param name="framework">The <c>--framework</c> value: which target framework of multi-targeting projects to analyse.</param>
    /// <param name="context">The console and environment.</param>
    /// <param name="progress">Receives progress lines, or null.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    public static async Task<LoadResult?> LoadTargetAsync(string? path, string? framework, CliContext context, Action<string>? progress, CancellationToken cancellationToken)
    {
        TextWriter error = context.Error;
        // Inside this repository the bundled sample is the default; anywhere else, the current directory.
        path ??= TargetResolver.FindBundledSample(context.WorkingDirectory) ?? context.WorkingDirectory;

        LoadResult load;
        try
        {
            AnalysisTarget target = TargetResolver.Resolve(context.Resolve(path), path);
            if (target.Note is not null)
            {
                await error.WriteLineAsync($"note: {target.Note}").ConfigureAwait(false);
            }

            if (framework is not null && target.Kind is TargetKind.Folder or TargetKind.SourceFile)
            {
                await error.WriteLineAsync($"error: --framework applies to projects and solutions; '{path}' is compiled ad hoc against the running .NET runtime.").ConfigureAwait(false);
                return null;
            }

            progress?.Invoke($"Loading {path}…");
            load = target.Kind switch
            {
                TargetKind.Solution => await MSBuildLoader.LoadAsync(target.Path, isSolution: true, framework, progress, cancellationToken).ConfigureAwait(false),
                TargetKind.Project => await MSBuildLoader.LoadAsync(target.Path, isSolution: false, framework, progress, cancellationToken).ConfigureAwait(false),
                TargetKind.Folder => await AdHocLoader.LoadFolderAsync(target.Path, cancellationToken).ConfigureAwait(false),
                _ => await AdHocLoader.LoadFileAsync(target.Path, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (TargetLoadException exception)
        {
            await error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            foreach (string detail in exception.Details)
            {
                await error.WriteLineAsync(detail).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: cannot read '{path}': {exception.Message}").ConfigureAwait(false);
            return null;
        }

        foreach (string warning in load.Warnings)
        {
            await error.WriteLineAsync(warning).ConfigureAwait(false);
        }

        return load;
    }

    /// <summary>The <c>--framework</c> option shared by the commands.</summary>
    public static Option<string?> FrameworkOption()
    {
        return new Option<string?>("--framework", "-f")
        {
            Description = "The target framework to analyse multi-targeting projects for (default: the newest .NET one they target).",
            HelpName = "TFM",
        };
    }

    /// <summary>A progress sink writing to stderr when stdout is a terminal or <c>--progress</c> was given; otherwise null.</summary>
    public static Action<string>? Progress(CliContext context, bool requested)
    {
        if (!requested && !context.OutputIsTerminal)
        {
            return null;
        }

        TextWriter error = context.Error;
        return line =>
        {
            lock (error)
            {
                error.WriteLine(line);
                error.Flush();
            }
        };
    }
}
