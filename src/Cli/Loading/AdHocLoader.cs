using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Guarded.Cli.Loading;

/// <summary>
/// Builds a compilation from loose <c>.cs</c> files (a folder without a single project, or one file) against the
/// running runtime's framework assemblies, with nullable enabled and the SDK's implicit usings, honouring the
/// <c>.editorconfig</c> files in and above the folder. The compilation lives in an <see cref="AdhocWorkspace"/>, so
/// code fixes can edit its documents.
/// </summary>
internal static class AdHocLoader
{
    private static readonly string[] ImplicitUsings =
    [
        "System",
        "System.Collections.Generic",
        "System.IO",
        "System.Linq",
        "System.Net.Http",
        "System.Threading",
        "System.Threading.Tasks",
    ];

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules" };

    /// <summary>Loads every <c>.cs</c> file under <paramref name="folder"/> (skipping bin, obj and hidden folders).</summary>
    public static Task<LoadResult> LoadFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var sources = new List<string>();
        var configs = new List<string>();
        CollectFiles(folder, sources, configs);
        if (sources.Count == 0)
        {
            throw new TargetLoadException($"error: '{folder}' contains no C# files (.cs) to analyse.");
        }

        return LoadAsync(folder, $"folder {folder}", sources, configs, cancellationToken);
    }

    /// <summary>Loads one <c>.cs</c> file.</summary>
    public static Task<LoadResult> LoadFileAsync(string file, CancellationToken cancellationToken)
    {
        string folder = Path.GetDirectoryName(file) ?? Directory.GetCurrentDirectory();
        string config = Path.Combine(folder, ".editorconfig");
        string[] configs = File.Exists(config) ? [config] : [];
        return LoadAsync(folder, $"file {file}", [file], configs, cancellationToken);
    }

    private static async Task<LoadResult> LoadAsync(
        string root, string description, IReadOnlyList<string> sources, IReadOnlyList<string> configsInside, CancellationToken cancellationToken)
    {
        CSharpParseOptions parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(root));
        var projectId = ProjectId.CreateNewId(name);
        var documents = new List<DocumentInfo>(sources.Count + 1);
        foreach (string source in sources.OrderBy(s => s, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            SourceText text;
            await using (FileStream stream = File.OpenRead(source))
            {
                text = SourceText.From(stream, Encoding.UTF8, canBeEmbedded: true);
            }

            documents.Add(Document(projectId, source, text));
        }

        string implicitUsings = string.Concat(ImplicitUsings.Select(ns => $"global using global::{ns};\n"));
        documents.Add(Document(projectId, Path.Combine(root, "obj", "Guarded.ImplicitUsings.g.cs"), SourceText.From(implicitUsings, Encoding.UTF8)));

        var configs = LoadEditorConfigPaths(root, configsInside)
            .Select(path => Document(projectId, path, SourceText.From(File.ReadAllText(path), Encoding.UTF8)))
            .ToList();

        var compilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: true);
        ProjectInfo projectInfo = ProjectInfo.Create(
                projectId,
                VersionStamp.Create(),
                name,
                name,
                LanguageNames.CSharp,
                compilationOptions: compilationOptions,
                parseOptions: parseOptions,
                documents: documents,
                metadataReferences: FrameworkReferences())
            .WithAnalyzerConfigDocuments(configs);

        // The workspace applies the .editorconfig files (severities, generated_code) the way the SDK does.
        var workspace = new AdhocWorkspace();
        try
        {
            Solution solution = workspace.AddSolution(SolutionInfo.Create(SolutionId.CreateNewId(), VersionStamp.Create(), projects: [projectInfo]));
            Project project = solution.GetProject(projectId)!;
            Compilation compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;

            var warnings = new List<string>();
            var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                warnings.Add($"warning: {errors.Count} compile error(s) in {description} (compiled ad hoc against the running .NET runtime), the first: {errors[0]}; analysis ran anyway, results may be incomplete.");
            }

            var loaded = new LoadedProject(compilation.AssemblyName ?? "adhoc", compilation, project.AnalyzerOptions, projectId);
            return new LoadResult(root, description, [loaded], warnings, solution, workspace);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    private static DocumentInfo Document(ProjectId projectId, string path, SourceText text)
    {
        return DocumentInfo.Create(
            DocumentId.CreateNewId(projectId, path),
            Path.GetFileName(path),
            loader: TextLoader.From(TextAndVersion.Create(text, VersionStamp.Create(), path)),
            filePath: path);
    }

    private static void CollectFiles(string folder, List<string> sources, List<string> configs)
    {
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            foreach (string file in Directory.EnumerateFiles(current))
            {
                string name = Path.GetFileName(file);
                if (name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
                {
                    sources.Add(file);
                }
                else if (name.Equals(".editorconfig", StringComparison.OrdinalIgnoreCase))
                {
                    configs.Add(file);
                }
            }

            foreach (string child in Directory.EnumerateDirectories(current))
            {
                string name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !SkippedFolders.Contains(name))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static List<string> LoadEditorConfigPaths(string root, IReadOnlyList<string> configsInside)
    {
        var paths = new List<string>(configsInside);
        for (DirectoryInfo? directory = new DirectoryInfo(root).Parent; directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, ".editorconfig");
            if (File.Exists(candidate))
            {
                paths.Add(candidate);
            }
        }

        return paths;
    }

    /// <summary>The framework assemblies of the running runtime (its trusted platform assemblies).</summary>
    private static IEnumerable<MetadataReference> FrameworkReferences()
    {
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        return trusted
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), runtimeDirectory, StringComparison.Ordinal))
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
    }
}
