using System.Collections.Immutable;
using Guarded.Cli.Commands;
using Guarded.Cli.Fixing;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Tests.Support;

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Runs the CLI in-process.</summary>
internal static class CliRunner
{
    /// <summary>Runs with the real Guarded analyzers.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(analyzers: null, args);

    /// <summary>
    /// Runs with the given analyzers instead of the Guarded ones (null: the Guarded ones), and the given code fixes
    /// and fix targets instead of the Guarded fixes and the file system (null: those).
    /// </summary>
    public static async Task<CliResult> RunAsync(
        DiagnosticAnalyzer[]? analyzers,
        string[] args,
        string? workingDirectory = null,
        bool outputIsTerminal = false,
        string? noColor = null,
        CodeFixProvider[]? codeFixes = null,
        IFixTargetFiles? fixTargets = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var defaults = new CliContext(output, error);
        var context = new CliContext(output, error)
        {
            OutputIsTerminal = outputIsTerminal,
            WorkingDirectory = workingDirectory ?? Repository.Root,
            GetEnvironmentVariable = name => name == "NO_COLOR" ? noColor : null,
            Analyzers = analyzers is null ? defaults.Analyzers : () => analyzers.ToImmutableArray(),
            CodeFixes = codeFixes is null ? defaults.CodeFixes : () => codeFixes.ToImmutableArray(),
            FixTargets = fixTargets ?? defaults.FixTargets,
        };

        int exitCode = await GuardedCli.RunAsync(args, context, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
