using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Guarded.AnalyzerBenchmarks.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Guarded.AnalyzerBenchmarks.Measurement;

/// <summary>One source file as text, with the path the compiler and .editorconfig see.</summary>
public sealed record SourceInput(string Path, SourceText Text);

/// <summary>
/// Everything needed to compile one project from scratch: sources as text (so each measured run parses them again),
/// parse and compilation options, references and the analyzer options (.editorconfig) of the project.
/// </summary>
public sealed record CompilationInput(
    string Name,
    ImmutableArray<SourceInput> Sources,
    CSharpParseOptions ParseOptions,
    CSharpCompilationOptions CompilationOptions,
    ImmutableArray<MetadataReference> References,
    AnalyzerOptions AnalyzerOptions)
{
    /// <summary>Non-blank lines of all sources.</summary>
    public int RealLines { get; } = Sources.Sum(s => CodeBaseGenerator.CountRealLines(s.Text.ToString()));

    /// <summary>Parses every source and creates a compilation that has bound nothing yet.</summary>
    public CSharpCompilation CreateFresh(CancellationToken cancellationToken = default)
    {
        var trees = new SyntaxTree[Sources.Length];
        for (int i = 0; i < trees.Length; i++)
        {
            trees[i] = CSharpSyntaxTree.ParseText(Sources[i].Text, ParseOptions, Sources[i].Path, cancellationToken);
        }

        return CSharpCompilation.Create(Name, trees, References, CompilationOptions);
    }

    /// <summary>The same input compiled on one thread (<see cref="CompilationOptions.ConcurrentBuild"/> off) or not.</summary>
    public CompilationInput WithConcurrentBuild(bool concurrent) =>
        this with { CompilationOptions = CompilationOptions.WithConcurrentBuild(concurrent) };

    /// <summary>
    /// A generated code base as one library compiled against the running framework's assemblies and Guarded.Runtime,
    /// nullable enabled, latest language version, no .editorconfig, and every Guarded rule on (those off by default too:
    /// the generated code plants findings of every rule, and the measurement covers what each costs).
    /// </summary>
    public static CompilationInput FromGenerated(string name, GeneratedCodeBase codeBase) => new(
        name,
        codeBase.Files.Select(f => new SourceInput(f.Path, SourceText.From(f.Text))).ToImmutableArray(),
        new CSharpParseOptions(LanguageVersion.Latest),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Guarded.Analyzers.GuardedAnalyzer().SupportedDiagnostics
                .Where(d => !d.IsEnabledByDefault)
                .Select(d => new System.Collections.Generic.KeyValuePair<string, ReportDiagnostic>(d.Id, ReportDiagnostic.Warn))),
        FrameworkAndRuntimeReferences.Value,
        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));

    /// <summary>A project loaded by the workspace, with its own options, references and analyzer options.</summary>
    public static CompilationInput FromCompilation(string name, Compilation compilation, AnalyzerOptions analyzerOptions)
    {
        var csharp = (CSharpCompilation)compilation;
        var sources = csharp.SyntaxTrees
            .Select(t => new SourceInput(t.FilePath, t.GetText()))
            .ToImmutableArray();
        var parseOptions = csharp.SyntaxTrees.Select(t => (CSharpParseOptions)t.Options).FirstOrDefault() ?? new CSharpParseOptions(LanguageVersion.Latest);
        return new CompilationInput(name, sources, parseOptions, csharp.Options, csharp.References.ToImmutableArray(), analyzerOptions);
    }

    /// <summary>The shared framework's System*, mscorlib and netstandard assemblies, and Guarded.Runtime.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkAndRuntimeReferences = new(() =>
        Directory.EnumerateFiles(System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll")
            .Where(path => System.IO.Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal) || System.IO.Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Where(path => !System.IO.Path.GetFileName(path).Contains(".Native", StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Append(typeof(DoubleCheckedCache<,>).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());
}
