using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Guarded.Cli.Loading;

/// <summary>
/// Builds a compilation from loose <c>.cs</c> files (a folder without a single project, or one file) against the
/// running runtime's framework assemblies, with nullable enabled and the SDK's implicit usings, honouring the
/// <c>.editorconfig</c> files in and above the folder.
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
        var trees = new List<SyntaxTree>(sources.Count + 1);
        foreach (string source in sources.OrderBy(s => s, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            SourceText text;
            await using (FileStream stream = File.OpenRead(source))
            {
                text = SourceText.From(stream, Encoding.UTF8, canBeEmbedded: true);
            }

            trees.Add(CSharpSyntaxTree.ParseText(text, parseOptions, source, cancellationToken));
        }

        string implicitUsings = string.Concat(ImplicitUsings.Select(ns => $"global using global::{ns};\n"));
        trees.Add(CSharpSyntaxTree.ParseText(
            SourceText.From(implicitUsings, Encoding.UTF8),
            parseOptions,
            Path.Combine(root, "obj", "Guarded.ImplicitUsings.g.cs"),
            cancellationToken));

        AnalyzerConfigSet configSet = LoadEditorConfigs(root, configsInside);
        var treeOptions = new Dictionary<SyntaxTree, AnalyzerConfigOptionsResult>();
        foreach (SyntaxTree tree in trees)
        {
            treeOptions[tree] = configSet.GetOptionsForSourcePath(tree.FilePath);
        }

        var compilationOptions = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true)
            .WithSyntaxTreeOptionsProvider(new EditorConfigSyntaxTreeOptionsProvider(treeOptions, configSet.GlobalConfigOptions));

        CSharpCompilation compilation = CSharpCompilation.Create(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(root)),
            trees,
            FrameworkReferences(),
            compilationOptions);

        var analyzerOptions = new AnalyzerOptions(
            ImmutableArray<AdditionalText>.Empty,
            new EditorConfigOptionsProvider(treeOptions, configSet.GlobalConfigOptions));

        var warnings = new List<string>();
        int errors = compilation.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        if (errors > 0)
        {
            warnings.Add($"warning: {errors} compile error(s) in {description} (compiled ad hoc against the running .NET runtime); analysis ran anyway, results may be incomplete.");
        }

        var project = new LoadedProject(compilation.AssemblyName ?? "adhoc", compilation, analyzerOptions);
        return new LoadResult(root, description, [project], warnings);
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

    private static AnalyzerConfigSet LoadEditorConfigs(string root, IReadOnlyList<string> configsInside)
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

        var configs = paths
            .Select(path => AnalyzerConfig.Parse(SourceText.From(File.ReadAllText(path)), path))
            .ToImmutableArray();
        return AnalyzerConfigSet.Create(configs);
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

    private sealed class DictionaryConfigOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly DictionaryConfigOptions Empty = new(ImmutableDictionary<string, string>.Empty);

        public override IEnumerable<string> Keys => values.Keys;

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            return values.TryGetValue(key, out value);
        }
    }

    private sealed class EditorConfigOptionsProvider(
        Dictionary<SyntaxTree, AnalyzerConfigOptionsResult> treeOptions,
        AnalyzerConfigOptionsResult global) : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigOptions _global = new DictionaryConfigOptions(global.AnalyzerOptions);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree)
        {
            return treeOptions.TryGetValue(tree, out AnalyzerConfigOptionsResult result)
                ? new DictionaryConfigOptions(result.AnalyzerOptions)
                : DictionaryConfigOptions.Empty;
        }

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            return DictionaryConfigOptions.Empty;
        }
    }

    private sealed class EditorConfigSyntaxTreeOptionsProvider(
        Dictionary<SyntaxTree, AnalyzerConfigOptionsResult> treeOptions,
        AnalyzerConfigOptionsResult global) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken)
        {
            if (treeOptions.TryGetValue(tree, out AnalyzerConfigOptionsResult result)
                && result.AnalyzerOptions.TryGetValue("generated_code", out string? value))
            {
                return string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated;
            }

            return GeneratedKind.Unknown;
        }

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            if (treeOptions.TryGetValue(tree, out AnalyzerConfigOptionsResult result))
            {
                return result.TreeOptions.TryGetValue(diagnosticId, out severity);
            }

            severity = ReportDiagnostic.Default;
            return false;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            return global.TreeOptions.TryGetValue(diagnosticId, out severity);
        }
    }
}
