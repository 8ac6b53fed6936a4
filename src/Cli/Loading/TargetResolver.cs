using System.IO;
using System.Linq;

namespace Guarded.Cli.Loading;

/// <summary>What kind of input a path names.</summary>
internal enum TargetKind
{
    /// <summary>A <c>.sln</c> or <c>.slnx</c> file.</summary>
    Solution,

    /// <summary>A <c>.csproj</c> file.</summary>
    Project,

    /// <summary>A folder analysed as an ad-hoc compilation of its <c>.cs</c> files.</summary>
    Folder,

    /// <summary>A single <c>.cs</c> file.</summary>
    SourceFile,
}

/// <summary>A resolved analysis target.</summary>
/// <param name="Kind">The kind of input.</param>
/// <param name="Path">Full path of the file or folder to load.</param>
/// <param name="Note">Why a folder was resolved the way it was, if worth telling the user.</param>
internal sealed record AnalysisTarget(TargetKind Kind, string Path, string? Note = null);

/// <summary>Turns the user's PATH argument into an <see cref="AnalysisTarget"/>.</summary>
internal static class TargetResolver
{
    /// <summary>The sample analysed when no PATH is given, relative to the repository root.</summary>
    internal const string BundledSample = "samples/Cafe";

    /// <summary>Resolves <paramref name="path"/>; throws <see cref="TargetLoadException"/> for bad input.</summary>
    /// <param name="path">The path to resolve, absolute or relative to the current directory.</param>
    /// <param name="displayPath">The path as the user wrote it, for messages; <paramref name="path"/> by default.</param>
    public static AnalysisTarget Resolve(string path, string? displayPath = null)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        path = displayPath ?? path;
        if (Directory.Exists(fullPath))
        {
            return ResolveFolder(fullPath);
        }

        if (!File.Exists(fullPath))
        {
            throw new TargetLoadException($"error: '{path}' does not exist.");
        }

        string extension = System.IO.Path.GetExtension(fullPath).ToLowerInvariant();
        return extension switch
        {
            ".sln" or ".slnx" => new AnalysisTarget(TargetKind.Solution, fullPath),
            ".csproj" => new AnalysisTarget(TargetKind.Project, fullPath),
            ".cs" => new AnalysisTarget(TargetKind.SourceFile, fullPath),
            _ => throw new TargetLoadException(
                $"error: '{path}' is not a solution (.sln, .slnx), a C# project (.csproj), a C# file (.cs) or a folder."),
        };
    }

    /// <summary>
    /// Finds the bundled sample by walking up from <paramref name="startDirectory"/> to the folder holding
    /// <c>Guarded.sln</c>; returns <see langword="null"/> when there is none.
    /// </summary>
    public static string? FindBundledSample(string startDirectory)
    {
        for (DirectoryInfo? directory = new(startDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Guarded.sln")))
            {
                string sample = System.IO.Path.Combine(directory.FullName, BundledSample);
                return Directory.Exists(sample) ? sample : null;
            }
        }

        return null;
    }

    private static AnalysisTarget ResolveFolder(string folder)
    {
        string[] solutions = Directory.GetFiles(folder, "*.sln").Concat(Directory.GetFiles(folder, "*.slnx")).ToArray();
        string[] projects = Directory.GetFiles(folder, "*.csproj");
        if (solutions.Length == 1)
        {
            return new AnalysisTarget(TargetKind.Solution, solutions[0]);
        }

        if (solutions.Length == 0 && projects.Length == 1)
        {
            return new AnalysisTarget(TargetKind.Project, projects[0]);
        }

        string? note = solutions.Length + projects.Length > 1
            ? $"'{folder}' holds {solutions.Length} solution and {projects.Length} project files; analysing its .cs files directly (pass one of them to load it instead)."
            : null;
        return new AnalysisTarget(TargetKind.Folder, folder, note);
    }
}
