using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Cli.Commands;

namespace Guarded.Cli;

/// <summary>Process entry point.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        var context = new CliContext(Console.Out, Console.Error) { OutputIsTerminal = !Console.IsOutputRedirected };
        return GuardedCli.RunAsync(args, context, CancellationToken.None);
    }
}

/// <summary>Command wiring of <c>guarded</c>; callable in-process.</summary>
internal static class GuardedCli
{
    /// <summary>Runs <c>guarded</c> with <paramref name="args"/>, writing to the given writers; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        return RunAsync(args, new CliContext(output, error), CancellationToken.None);
    }

    /// <summary>Runs <c>guarded</c> with <paramref name="args"/> in <paramref name="context"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        RootCommand root = CreateRootCommand(context);
        ParseResult parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (string message in parseResult.Errors.Select(e => e.Message))
            {
                await context.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync("Run 'guarded --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var invocation = new InvocationConfiguration { Output = context.Output, Error = context.Error };
        return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the command tree.</summary>
    internal static RootCommand CreateRootCommand(CliContext context)
    {
        return new RootCommand("Guarded: find the concurrency bugs that C# code review misses.")
        {
            CheckCommand.Create(context),
            FixCommand.Create(context),
        };
    }
}
