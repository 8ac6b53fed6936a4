using System.Collections.Immutable;
using Guarded.Cli.Commands;
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

    /// <summary>Runs with the given analyzers instead of the Guarded ones (null: the Guarded ones).</summary>
    public static async Task<CliResult> RunAsync(
        DiagnosticAnalyzer[]? analyzers,
        string[] args,
        string? workingDirectory = null,
        bool outputIsTerminal = false,
        string? noColor = null,
        CodeFixProvider[]? codeFixes = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error)
        {
            OutputIsTerminal = outputIsTerminal,
            WorkingDirectory = workingDirectory ?? Repository.Root,
            GetEnvironmentVariable = name => name == "NO_COLOR" ? noColor : null,
        };
        if (analyzers is not null)
        {
            context = new CliContext(output, error)
            {
                OutputIsTerminal = context.OutputIsTerminal,
                WorkingDirectory = context.WorkingDirectory,
                GetEnvironmentVariable = context.GetEnvironmentVariable,
                Analyzers = () => analyzers.ToImmutableArray(),
            };
        }

        if (codeFixes is not null)
        {
            context = new CliContext(output, error)
            {
                OutputIsTerminal = context.OutputIsTerminal,
                WorkingDirectory = context.WorkingDirectory,
                GetEnvironmentVariable = context.GetEnvironmentVariable,
                Analyzers = context.Analyzers,
                CodeFixes = () => codeFixes.ToImmutableArray(),
            };
        }

        int exitCode = await GuardedCli.RunAsync(args, context, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
