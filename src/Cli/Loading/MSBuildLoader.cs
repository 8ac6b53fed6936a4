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
    public static Task<LoadResult> LoadAsync(string path, bool isSolution, CancellationToken cancellationToken)
    {
        EnsureMSBuildRegistered(path);
        return OpenAsync(path, isSolution, cancellationToken);
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
    private static async Task<LoadResult> OpenAsync(string path, bool isSolution, CancellationToken cancellationToken)
    {
        using MSBuildWorkspace workspace = MSBuildWorkspace.Create();
        Solution solution;
        try
        {
            solution = isSolution
                ? await workspace.OpenSolutionAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false)
                : (await workspace.OpenProjectAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false)).Solution;
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
        foreach (Project project in solution.Projects.OrderBy(p => p.FilePath, StringComparer.Ordinal))
        {
            if (project.Language != LanguageNames.CSharp || !project.SupportsCompilation)
            {
                continue;
            }

            Compilation? compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                continue;
            }

            projects.Add(new LoadedProject(project.Name, compilation, project.AnalyzerOptions));
            int errors = compilation.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
            if (errors > 0)
            {
                warnings.Add($"warning: {errors} compile error(s) in project {project.Name}; analysis ran anyway, results may be incomplete.");
            }
        }

        if (projects.Count == 0 || (failures.Count > 0 && projects.All(p => !p.Compilation.SyntaxTrees.Any())))
        {
            string reason = failures.Count > 0 ? "the project system reported failures" : "it contains no C# project";
            throw new TargetLoadException($"error: cannot load '{path}': {reason}.", WorkspaceDiagnostics(workspace));
        }

        warnings.InsertRange(0, failures.Select(d => $"warning: {d.Message}"));
        string root = Path.GetDirectoryName(path) ?? Directory.GetCurrentDirectory();
        string description = $"{(isSolution ? "solution" : "project")} {path}";
        return new LoadResult(root, description, projects, warnings);
    }

    private static List<string> WorkspaceDiagnostics(MSBuildWorkspace workspace)
    {
        return workspace.Diagnostics.Select(d => $"  {d.Kind.ToString().ToLowerInvariant()}: {d.Message}").ToList();
    }
}
