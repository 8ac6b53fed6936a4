using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace Guarded.Cli.Loading;

/// <summary>
/// Loads solutions and projects with <see cref="MSBuildWorkspace"/>. MSBuild itself is located with
/// <see cref="MSBuildLocator"/>, which must run before any MSBuild type is loaded, so everything that touches
/// workspace types lives in a method the JIT compiles only after registration.
/// </summary>
internal static class MSBuildLoader
{
    private static readonly object RegistrationGate = new();

    /// <summary>Loads the solution or project at <paramref name="path"/>.</summary>
    /// <param name="path">The <c>.sln</c>, <c>.slnx</c> or <c>.csproj</c> file.</param>
    /// <param name="isSolution">Whether <paramref name="path"/> is a solution.</param>
    /// <param name="framework">
    /// The target framework to analyse a multi-targeting project for (<c>--framework</c>); <see langword="null"/> for
    /// the one <see cref="TargetFrameworks.PickDefault"/> prefers.
    /// </param>
    /// <param name="progress">Receives one line per project evaluated and compiled, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    public static Task<LoadResult> LoadAsync(string path, bool isSolution, string? framework, Action<string>? progress, CancellationToken cancellationToken)
    {
        EnsureMSBuildRegistered(path);
        return OpenAsync(path, isSolution, framework, progress, cancellationToken);
    }

    private static void EnsureMSBuildRegistered(string path)
    {
        lock (RegistrationGate)
        {
            if (MSBuildLocator.IsRegistered)
            {
                return;
            }

            try
            {
                MSBuildLocator.RegisterDefaults();
            }
            catch (InvalidOperationException exception)
            {
                throw new TargetLoadException(
                    $"error: cannot load '{path}': no .NET SDK with MSBuild was found ({exception.Message}).",
                    innerException: exception);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<LoadResult> OpenAsync(string path, bool isSolution, string? framework, Action<string>? progress, CancellationToken cancellationToken)
    {
        MSBuildWorkspace workspace = MSBuildWorkspace.Create();
        try
        {
            return await OpenAsync(workspace, path, isSolution, framework, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    private static async Task<LoadResult> OpenAsync(MSBuildWorkspace workspace, string path, bool isSolution, string? framework, Action<string>? progress, CancellationToken cancellationToken)
    {
        Solution solution;
        IProgress<ProjectLoadProgress>? loadProgress = progress is null ? null : new LoadProgress(progress);
        try
        {
            solution = isSolution
                ? await workspace.OpenSolutionAsync(path, progress: loadProgress, cancellationToken: cancellationToken).ConfigureAwait(false)
                : (await workspace.OpenProjectAsync(path, progress: loadProgress, cancellationToken: cancellationToken).ConfigureAwait(false)).Solution;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new TargetLoadException(
                $"error: cannot load '{path}': {exception.Message}",
                WorkspaceDiagnostics(workspace),
                exception);
        }

        var failures = workspace.Diagnostics.Where(d => d.Kind == WorkspaceDiagnosticKind.Failure).ToList();
        var projects = new List<LoadedProject>();
        var warnings = new List<string>();
        // A project brings its project references into the workspace; only the project itself (one target framework of
        // it, see OneFrameworkPerProject) is the target: the code it references is not the user's to check or fix here.
        string fullPath = Path.GetFullPath(path);
        var candidates = solution.Projects
            .Where(p => p.Language == LanguageNames.CSharp && p.SupportsCompilation)
            .Where(p => isSolution || (p.FilePath is { } file && string.Equals(Path.GetFullPath(file), fullPath, StringComparison.Ordinal)))
            .OrderBy(p => p.FilePath, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        var notes = new List<string>();
        List<Project> csharpProjects = OneFrameworkPerProject(candidates, framework, path, notes);
        for (int i = 0; i < csharpProjects.Count; i++)
        {
            Project project = csharpProjects[i];
            progress?.Invoke($"[{i + 1}/{csharpProjects.Count}] Compiling {project.Name}…");
            Compilation? compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                continue;
            }

            projects.Add(new LoadedProject(project.Name, compilation, project.AnalyzerOptions, project.Id));
            var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                warnings.Add($"warning: {errors.Count} compile error(s) in project {project.Name}, the first: {errors[0]}; analysis ran anyway, results may be incomplete.");
            }
        }

        if (projects.Count == 0 || (failures.Count > 0 && projects.All(p => !p.Compilation.SyntaxTrees.Any())))
        {
            string reason = failures.Count > 0 ? "the project system reported failures" : "it contains no C# project";
            throw new TargetLoadException($"error: cannot load '{path}': {reason}.", WorkspaceDiagnostics(workspace));
        }

        warnings.InsertRange(0, failures.Select(d => $"warning: {d.Message}"));
        warnings.InsertRange(0, notes);
        string root = Path.GetDirectoryName(path) ?? Directory.GetCurrentDirectory();
        string description = $"{(isSolution ? "solution" : "project")} {path}";
        return new LoadResult(root, description, projects, warnings, solution, workspace);
    }

    /// <summary>
    /// Keeps one target framework of each multi-targeting project (MSBuildWorkspace loads one project per framework):
    /// <paramref name="framework"/> when given, else the one <see cref="TargetFrameworks.PickDefault"/> prefers. Analysing
    /// every framework would cost a full analysis each for findings that are, but for <c>#if</c> blocks, the same.
    /// </summary>
    private static List<Project> OneFrameworkPerProject(List<Project> projects, string? framework, string path, List<string> notes)
    {
        var kept = new List<Project>();
        foreach (var group in projects.GroupBy(p => p.FilePath ?? p.Name, StringComparer.Ordinal))
        {
            var byFramework = group
                .Select(p => (Project: p, Framework: TargetFrameworks.FromProjectName(p.Name)))
                .ToList();
            if (byFramework.Count == 1 && framework is null)
            {
                kept.Add(byFramework[0].Project);
                continue;
            }

            var frameworks = byFramework.Select(p => p.Framework ?? string.Empty).ToList();
            string project = Path.GetFileName(group.Key);
            if (framework is not null)
            {
                int index = frameworks.FindIndex(f => string.Equals(f, framework, StringComparison.OrdinalIgnoreCase));
                if (index < 0 && byFramework.Count == 1 && byFramework[0].Framework is null)
                {
                    // A single-targeting project's name carries no framework: --framework cannot be checked against it.
                    kept.Add(byFramework[0].Project);
                    continue;
                }

                if (index < 0)
                {
                    throw new TargetLoadException(
                        $"error: cannot load '{path}': {project} does not target '{framework}' (it targets {string.Join(", ", frameworks)}).");
                }

                kept.Add(byFramework[index].Project);
                continue;
            }

            string chosen = TargetFrameworks.PickDefault(frameworks);
            kept.Add(byFramework[frameworks.IndexOf(chosen)].Project);
            notes.Add($"note: {project} targets {string.Join(", ", frameworks)}; analysing {chosen} (choose another with --framework).");
        }

        return kept;
    }

    private static List<string> WorkspaceDiagnostics(MSBuildWorkspace workspace)
    {
        return workspace.Diagnostics.Select(d => $"  {d.Kind.ToString().ToLowerInvariant()}: {d.Message}").ToList();
    }

    /// <summary>Reports each project MSBuild starts to evaluate as one progress line.</summary>
    private sealed class LoadProgress(Action<string> report) : IProgress<ProjectLoadProgress>
    {
        public void Report(ProjectLoadProgress value)
        {
            if (value.Operation == ProjectLoadOperation.Evaluate)
            {
                string framework = string.IsNullOrEmpty(value.TargetFramework) ? string.Empty : $" ({value.TargetFramework})";
                report($"Loading {Path.GetFileName(value.FilePath)}{framework}…");
            }
        }
    }
}
