using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Loading;

/// <summary>One compilation to analyse, with the analyzer options (.editorconfig) that apply to it.</summary>
/// <param name="Name">Project name for messages.</param>
/// <param name="Compilation">The compilation.</param>
/// <param name="Options">Analyzer options carrying the project's <c>AnalyzerConfigOptionsProvider</c>.</param>
/// <param name="ProjectId">The project in <see cref="LoadResult.Solution"/> the compilation was built from.</param>
internal sealed record LoadedProject(string Name, Compilation Compilation, AnalyzerOptions Options, ProjectId ProjectId);

/// <summary>The result of loading an analysis target; owns the workspace the solution lives in.</summary>
/// <param name="Root">The analysed root directory; report paths are relative to it in SARIF.</param>
/// <param name="Description">What was loaded, for the report header (e.g. "project Cafe.csproj").</param>
/// <param name="Projects">The compilations to analyse.</param>
/// <param name="Warnings">Non-fatal problems to show on stderr (workspace warnings, compile error counts).</param>
/// <param name="Solution">The loaded solution (documents for code fixes); the projects' compilations come from it.</param>
/// <param name="Workspace">The workspace holding <paramref name="Solution"/>, disposed with this result.</param>
internal sealed record LoadResult(
    string Root,
    string Description,
    IReadOnlyList<LoadedProject> Projects,
    IReadOnlyList<string> Warnings,
    Solution Solution,
    Workspace Workspace) : IDisposable
{
    /// <summary>Disposes the workspace (and with it, for MSBuild, the build host).</summary>
    public void Dispose()
    {
        Workspace.Dispose();
    }
}

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
