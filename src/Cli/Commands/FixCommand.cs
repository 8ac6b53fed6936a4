using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Cli.Analysis;
using Guarded.Cli.Fixing;
using Guarded.Cli.Loading;
using Guarded.Cli.Reporting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.Cli.Commands;

/// <summary>The parsed arguments of <c>guarded fix</c>.</summary>
/// <param name="Path">Solution, project, folder or file; <see langword="null"/> for the current directory (the bundled sample inside this repository).</param>
/// <param name="Rules">Rule ids to fix; empty for all.</param>
/// <param name="DryRun">Print the diff but write nothing.</param>
/// <param name="FixKeys">Equivalence keys to prefer over a fix's first action.</param>
/// <param name="Progress">Whether to print progress on stderr even when stdout is redirected.</param>
/// <param name="Framework">The target framework of multi-targeting projects to fix for; null for the default.</param>
/// <param name="IgnoreCompilerErrors">Fix files that have compiler errors too.</param>
internal sealed record FixSettings(string? Path, IReadOnlyList<string> Rules, bool DryRun, IReadOnlyList<string> FixKeys, bool Progress = false, string? Framework = null, bool IgnoreCompilerErrors = false);

/// <summary>
/// <c>guarded fix [PATH]</c>: apply the Guarded code fixes (Fix All in Document, per rule), print a unified diff of
/// every changed file, and write the files unless <c>--dry-run</c>: all of them or none, and none that has compiler
/// errors unless <c>--ignore-compiler-errors</c>.
/// </summary>
internal static class FixCommand
{
    /// <summary>Builds the <c>fix</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var path = new Argument<string?>("PATH")
        {
            Description = "A .sln/.slnx, a .csproj, a folder or a .cs file. Default: the current directory (inside this repository: the bundled samples/Cafe).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var rules = new Option<string[]>("--rule")
        {
            Description = "Fix only this rule (repeatable, or comma-separated), e.g. --rule GRD101. Default: every rule.",
            HelpName = "ID",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Print the diff of what would change, but write nothing.",
        };
        var fixKeys = new Option<string[]>("--fix")
        {
            Description = "Prefer the code action with this equivalence key (e.g. GRD104.PublishLast) where a fix offers it; repeatable. Default: each fix's first action.",
            HelpName = "KEY",
        };
        var ignoreCompilerErrors = new Option<bool>("--ignore-compiler-errors")
        {
            Description = "Fix files that have compiler errors too. Default: refuse, since a fix cannot be trusted on code that does not compile.",
        };
        Option<bool> progress = CheckCommand.ProgressOption();
        Option<string?> framework = CommandInputs.FrameworkOption();

        var command = new Command("fix", "Apply the Guarded code fixes and print a unified diff of the changes.")
        {
            path,
            framework,
            rules,
            dryRun,
            fixKeys,
            ignoreCompilerErrors,
            progress,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new FixSettings(
                parseResult.GetValue(path),
                parseResult.GetValue(rules) ?? [],
                parseResult.GetValue(dryRun),
                parseResult.GetValue(fixKeys) ?? [],
                parseResult.GetValue(progress),
                parseResult.GetValue(framework),
                parseResult.GetValue(ignoreCompilerErrors));
            return ExecuteAsync(settings, context, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs the fixes; returns one of the <see cref="ExitCodes"/>.</summary>
    public static async Task<int> ExecuteAsync(FixSettings settings, CliContext context, CancellationToken cancellationToken)
    {
        TextWriter output = context.Output;
        TextWriter error = context.Error;
        if (await CommandInputs.LoadAnalyzersAsync(context).ConfigureAwait(false) is not { } analyzers
            || await CommandInputs.ParseRulesAsync(settings.Rules, analyzers, context).ConfigureAwait(false) is not { } ruleFilter)
        {
            return ExitCodes.BadInput;
        }

        ImmutableArray<CodeFixProvider> fixers;
        try
        {
            fixers = context.CodeFixes();
        }
        catch (Exception exception) when (exception is IOException or BadImageFormatException or TypeLoadException or System.Reflection.TargetInvocationException)
        {
            await error.WriteLineAsync($"error: cannot load the Guarded code fixes: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        Action<string>? progress = CommandInputs.Progress(context, settings.Progress);
        using LoadResult? load = await CommandInputs.LoadTargetAsync(settings.Path, settings.Framework, context, progress, cancellationToken).ConfigureAwait(false);
        if (load is null)
        {
            return ExitCodes.BadInput;
        }

        var preferredKeys = settings.FixKeys
            .SelectMany(k => k.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
        var engine = new FixEngine(analyzers, fixers, ruleFilter, preferredKeys, progress);
        FixOutcome outcome = await engine.RunAsync(load, cancellationToken).ConfigureAwait(false);

        // A fix is only as good as the binding it was computed from: code that does not compile is not rewritten.
        if (!settings.IgnoreCompilerErrors &&
            CompilerErrors(load, outcome.Files, context.WorkingDirectory, cancellationToken) is { Count: > 0 } broken)
        {
            await error.WriteLineAsync("error: these files have compiler errors, so fix changes nothing (pass --ignore-compiler-errors to fix them anyway):").ConfigureAwait(false);
            foreach (string line in broken)
            {
                await error.WriteLineAsync("  " + line).ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }

        // Everything is computed; only now print and write, so a fix that threw cannot leave a file half-written.
        foreach (FixedFile file in outcome.Files)
        {
            string display = DiffPath(file.Path, context.WorkingDirectory);
            bool rooted = Path.IsPathRooted(display);
            await output.WriteAsync(UnifiedDiff.Format(
                rooted ? display : "a/" + display,
                rooted ? display : "b/" + display,
                file.OriginalText,
                file.FixedText)).ConfigureAwait(false);
        }

        if (!settings.DryRun)
        {
            FixWriteResult written = FixTransaction.WriteAll(outcome.Files, context.FixTargets);
            if (written.Errors.Count > 0)
            {
                foreach (string line in written.Errors)
                {
                    await error.WriteLineAsync("error: " + line).ConfigureAwait(false);
                }

                return ExitCodes.BadInput;
            }
        }

        foreach (string failure in outcome.Failures)
        {
            await error.WriteLineAsync(failure).ConfigureAwait(false);
        }

        await WriteSummaryAsync(output, outcome, settings.DryRun, context.WorkingDirectory).ConfigureAwait(false);
        return outcome.Failures.Count > 0 ? ExitCodes.FindingsAtOrAboveThreshold : ExitCodes.Success;
    }

    /// <summary>
    /// For each file to change that has compiler errors (syntax or semantic, in the compilation it was fixed in), a
    /// line naming the file, its error count and its first error.
    /// </summary>
    private static List<string> CompilerErrors(LoadResult load, IReadOnlyList<FixedFile> files, string workingDirectory, CancellationToken cancellationToken)
    {
        // One pass over the loaded trees: a file shared by several projects (or target frameworks) counts in each.
        var errorsByPath = files.ToDictionary(file => file.Path, _ => new List<Diagnostic>(), StringComparer.Ordinal);
        foreach (LoadedProject project in load.Projects)
        {
            foreach (SyntaxTree tree in project.Compilation.SyntaxTrees)
            {
                if (errorsByPath.TryGetValue(tree.FilePath, out List<Diagnostic>? errors))
                {
                    SemanticModel model = project.Compilation.GetSemanticModel(tree);
                    errors.AddRange(model.GetDiagnostics(cancellationToken: cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error));
                }
            }
        }

        var result = new List<string>();
        foreach (FixedFile file in files)
        {
            List<Diagnostic> errors = errorsByPath[file.Path];
            if (errors.Count > 0)
            {
                Diagnostic first = errors.OrderBy(d => d.Location.SourceSpan.Start).First();
                FileLinePositionSpan span = first.Location.GetLineSpan();
                string more = errors.Count == 1 ? string.Empty : $" (and {(errors.Count - 1).ToString(CultureInfo.InvariantCulture)} more)";
                result.Add($"{DiffPath(file.Path, workingDirectory)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)}{more}");
            }
        }

        return result;
    }

    /// <summary>The path shown in the diff headers: relative to the working directory with '/', or absolute outside it.</summary>
    internal static string DiffPath(string path, string workingDirectory)
    {
        string relative = Path.GetRelativePath(workingDirectory, path);
        bool outside = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative);
        return (outside ? path : relative).Replace('\\', '/');
    }

    private static async Task WriteSummaryAsync(TextWriter output, FixOutcome outcome, bool dryRun, string workingDirectory)
    {
        int fixedCount = outcome.FixedByRule.Values.Sum();
        string verb = dryRun ? "Would fix" : "Fixed";
        string byRule = outcome.FixedByRule.Count == 0 ? string.Empty
            : " (" + string.Join(", ", outcome.FixedByRule.Select(p => $"{p.Key} {p.Value.ToString(CultureInfo.InvariantCulture)}")) + ")";
        await output.WriteLineAsync(
            $"{verb} {fixedCount} finding{Plural(fixedCount)}{byRule} in {outcome.Files.Count} file{Plural(outcome.Files.Count)}{(dryRun ? " (dry run: nothing written)" : string.Empty)}{(outcome.Files.Count > 0 ? ":" : ".")}").ConfigureAwait(false);
        foreach (FixedFile file in outcome.Files)
        {
            await output.WriteLineAsync("  " + DiffPath(file.Path, workingDirectory)).ConfigureAwait(false);
        }

        if (outcome.Remaining.Count == 0)
        {
            await output.WriteLineAsync("No findings remain.").ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync(outcome.Remaining.Count == 1 ? "1 finding remains:" : $"{outcome.Remaining.Count} findings remain:").ConfigureAwait(false);
        foreach (IGrouping<string, RemainingFinding> rule in outcome.Remaining.GroupBy(r => r.Finding.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int offered = rule.Count(r => r.FixOffered);
            string why = offered == 0 ? "no fix offered" : offered == rule.Count() ? "fix offered, not applied" : $"{offered.ToString(CultureInfo.InvariantCulture)} with a fix offered, not applied";
            await output.WriteLineAsync($"  {rule.Key}  {rule.Count().ToString(CultureInfo.InvariantCulture),3}  {why}").ConfigureAwait(false);
        }

        foreach (RemainingFinding remaining in outcome.Remaining)
        {
            Finding finding = remaining.Finding;
            string where = finding.Region is null ? string.Empty
                : $"{DiffPath(finding.Region.Path, workingDirectory)}:{finding.Region.StartLine}:{finding.Region.StartColumn}: ";
            await output.WriteLineAsync($"{where}{ConsoleReporter.SeverityLabel(finding.Severity)} {finding.Id}: {finding.Message}").ConfigureAwait(false);
        }
    }

    private static string Plural(int count)
    {
        return count == 1 ? string.Empty : "s";
    }
}
