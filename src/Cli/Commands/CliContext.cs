using System;
using System.Collections.Immutable;
using System.IO;
using Guarded.Cli.Analysis;
using Guarded.Cli.Fixing;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Commands;

/// <summary>Everything a command needs from its surroundings, so tests can run the CLI in-process.</summary>
internal sealed class CliContext
{
    /// <summary>Creates a context writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public CliContext(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
    }

    /// <summary>Where reports go.</summary>
    public TextWriter Output { get; }

    /// <summary>Where errors, warnings and progress go.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether <see cref="Output"/> is an interactive terminal (colors are used only then).</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Directory that printed paths are relative to.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary><paramref name="path"/> as given when rooted, otherwise relative to <see cref="WorkingDirectory"/>.</summary>
    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(WorkingDirectory, path);

    /// <summary>Supplies the analyzers to run; the Guarded rules by default.</summary>
    public Func<ImmutableArray<DiagnosticAnalyzer>> Analyzers { get; init; } = AnalyzerCatalog.LoadGuardedAnalyzers;

    /// <summary>Supplies the code fixes <c>guarded fix</c> applies; the Guarded fixes by default.</summary>
    public Func<ImmutableArray<CodeFixProvider>> CodeFixes { get; init; } = CodeFixCatalog.LoadGuardedCodeFixes;

    /// <summary>The files <c>guarded fix</c> reads and rewrites; the file system by default.</summary>
    public IFixTargetFiles FixTargets { get; init; } = new FileSystemFixTargets();

    /// <summary>Reads an environment variable (<c>NO_COLOR</c>).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
