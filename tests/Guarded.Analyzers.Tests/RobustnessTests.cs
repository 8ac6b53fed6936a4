using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Analyzers.Tests;

/// <summary>
/// The analyzers never throw (an AD0001 is a bug): not on the repository's own code, not on the sample, not on
/// an empty file, and not on code cut off mid-token as it is while someone types.
/// </summary>
public sealed class RobustnessTests
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_frameworkReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    [Fact]
    public async Task EmptyFile_NoDiagnosticsAndNoExceptions()
    {
        var diagnostics = await AnalyzeAsync(new[] { string.Empty });
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task RepositorySourcesAndSample_NoAnalyzerExceptions()
    {
        var files = SourceFiles("src").Concat(SourceFiles("samples")).ToList();
        Assert.NotEmpty(files);
        var diagnostics = await AnalyzeAsync(files.Select(File.ReadAllText));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public async Task TruncatedAndMangledCode_NoAnalyzerExceptions()
    {
        var random = new Random(20261123);
        // The sample and every rule family's test sources: the C# under test is the realistic input.
        var ruleTests = Directory.EnumerateDirectories(Repository.PathOf("tests", "Guarded.Analyzers.Tests"))
            .Where(d => Path.GetFileName(d) is not ("bin" or "obj" or "Verifiers"))
            .SelectMany(d => SourceFiles(Path.GetRelativePath(Repository.Root, d)));
        var samples = SourceFiles("samples").Concat(ruleTests).ToList();
        Assert.NotEmpty(samples);
        var variants = new List<string>();
        foreach (var file in samples)
        {
            var text = File.ReadAllText(file);
            for (var i = 0; i < 6; i++)
            {
                var cut = random.Next(text.Length);
                variants.Add(text.Substring(0, cut));
                var start = random.Next(text.Length);
                var length = Math.Min(random.Next(1, 40), text.Length - start);
                variants.Add(text.Remove(start, length));
            }
        }

        foreach (var variant in variants)
        {
            var diagnostics = await AnalyzeAsync(new[] { variant });
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        }
    }

    [Fact]
    public async Task CancelledAnalysis_StopsWithCancellation()
    {
        var source = string.Join(Environment.NewLine, SourceFiles("samples").Select(File.ReadAllText));
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AnalyzeAsync(new[] { source }, cancellation.Token));
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(Repository.PathOf(folder), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                           !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public async Task Harness_SeesAnAnalyzerException_AsAD0001()
    {
        var diagnostics = await AnalyzeAsync(new[] { "class C { void M() { } }" }, default, new ThrowingAnalyzer());
        Assert.Contains(diagnostics, d => d.Id == "AD0001");
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(IEnumerable<string> sources, CancellationToken cancellationToken = default, DiagnosticAnalyzer? onlyAnalyzer = null)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, parseOptions, path: $"/src/File{i}.cs", cancellationToken: cancellationToken));
        var compilation = CSharpCompilation.Create(
            "Robustness",
            trees,
            s_frameworkReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var analyzers = onlyAnalyzer is null ? ConventionTests.ShippedAnalyzers() : ImmutableArray.Create(onlyAnalyzer);
        var exceptions = new System.Collections.Concurrent.ConcurrentBag<Diagnostic>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Add(diagnostic),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken);
        return diagnostics.AddRange(exceptions);
    }

#pragma warning disable RS1001, RS1025, RS1026, RS1036, RS1038, RS1041, RS2008 // A test double that exists to throw.
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        // An analyzer with no supported diagnostic is never run, so it claims one.
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.InconsistentlyGuardedField);

        public override void Initialize(AnalysisContext context) =>
            context.RegisterSyntaxTreeAction(_ => throw new InvalidOperationException("boom"));
    }
#pragma warning restore RS1001, RS1025, RS1026, RS1036, RS1038, RS1041, RS2008
}
