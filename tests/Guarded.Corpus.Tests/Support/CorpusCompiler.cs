using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.Analyzers.Atomicity;
using Guarded.CodeFixes.Atomicity;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Corpus.Tests.Support;

/// <summary>Compiles a case on its own and runs every Guarded analyzer over it.</summary>
internal static class CorpusCompiler
{
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>Every rule is on, those off by default included: the corpus states what each rule reports when a team turns it on.</summary>
    public static CSharpCompilationOptions CompilationOptions { get; } =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new GuardedAnalyzer().SupportedDiagnostics
                .Where(d => !d.IsEnabledByDefault)
                .Select(d => new KeyValuePair<string, ReportDiagnostic>(d.Id, ReportDiagnostic.Warn)));

    /// <summary>The running framework's assemblies plus Guarded.Runtime as built beside the tests.</summary>
    public static ImmutableArray<MetadataReference> References { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Append(Path.Combine(AppContext.BaseDirectory, "Guarded.Runtime.dll"))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    /// <summary>The analyzers the package ships (marked <c>[DiagnosticAnalyzer]</c>), found by reflection.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        typeof(CheckThenActOnSharedCollectionAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>Each rule's own analyzer (the classes the shipped analyzer hosts), found by reflection.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> RuleAnalyzers { get; } =
        typeof(CheckThenActOnSharedCollectionAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>Every code fix provider of the code-fix assembly, found by reflection.</summary>
    public static ImmutableArray<CodeFixProvider> Fixers { get; } =
        typeof(CheckThenActOnSharedCollectionFixer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>The rule ids the analyzers report.</summary>
    public static ImmutableArray<string> RuleIds { get; } =
        Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToImmutableArray();

    public static CSharpCompilation Compile(string path, string text, CancellationToken cancellationToken = default) =>
        CSharpCompilation.Create(
            "Case",
            new[] { CSharpSyntaxTree.ParseText(text, ParseOptions, path, cancellationToken: cancellationToken) },
            References,
            CompilationOptions);

    /// <summary>Analyzer diagnostics of the shipped analyzers (or of <paramref name="analyzers"/>), with analyzer exceptions surfaced as AD0001.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, CancellationToken cancellationToken = default, ImmutableArray<DiagnosticAnalyzer> analyzers = default)
    {
        var exceptions = new ConcurrentBag<Diagnostic>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Add(diagnostic),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers.IsDefault ? Analyzers : analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken);
        return diagnostics.AddRange(exceptions);
    }

    public static int LineOf(Diagnostic diagnostic) => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;
}
