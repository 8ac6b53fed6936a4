using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Loading;

/// <summary>One compilation to analyse, with the analyzer options (.editorconfig) that apply to it.</summary>
/// <param name="Name">Project name for messages.</param>
/// <param name="Compilation">The compilation.</param>
/// <param name="Options">Analyzer options carrying the project's <c>AnalyzerConfigOptionsProvider</c>.</param>
internal sealed record LoadedProject(string Name, Compilation Compilation, AnalyzerOptions Options);

/// <summary>The result of loading an analysis target.</summary>
/// <param name="Root">The analysed root directory; report paths are relative to it in SARIF.</param>
/// <param name="Description">What was loaded, for the report header (e.g. "project Cafe.csproj").</param>
/// <param name="Projects">The compilations to analyse.</param>
/// <param name="Warnings">Non-fatal problems to show on stderr (workspace warnings, compile error counts).</param>
internal sealed record LoadResult(string Root, string Description, IReadOnlyList<LoadedProject> Projects, IReadOnlyList<string> Warnings);

/// <summary>The target could not be loaded; the message names the path and the reason.</summary>
internal sealed class TargetLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TargetLoadException(string message, IReadOnlyList<string>? details = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Details = details ?? [];
    }

    /// <summary>Further lines to print, e.g. the workspace diagnostics of a project that failed to load.</summary>
    public IReadOnlyList<string> Details { get; }
}
