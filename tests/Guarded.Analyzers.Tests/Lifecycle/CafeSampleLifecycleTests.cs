using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Analyzers.Tests.Lifecycle;

/// <summary>
/// The GRD3xx rules on samples/Cafe: the seed incidents are reported where they are, the correct variants next to
/// them are not. Expected places are found by reading the sample's text, not by line numbers.
/// </summary>
public sealed class CafeSampleLifecycleTests
{
    private static readonly Lazy<Task<ImmutableArray<Diagnostic>>> s_diagnostics = new(AnalyzeCafeAsync);

    [Fact]
    public async Task ConnectionManager_TicketMonitorReleasedOutsideFinally_IsReported()
    {
        var diagnostics = await LifecycleDiagnosticsIn("Connections/ConnectionManager.cs");
        var grd303 = Assert.Single(diagnostics, d => d.Id == "GRD303");
        Assert.Equal(LineOf("Connections/ConnectionManager.cs", "Monitor.Exit(_ticketLock);"), grd303.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(LineOf("Connections/ConnectionManager.cs", "Monitor.Enter(_ticketLock);"), grd303.AdditionalLocations[0].GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public async Task ConnectionManager_ConnectedClearedInFinallyAfterTheDisconnectGuard_IsReported_ConnectIsNot()
    {
        const string file = "Connections/ConnectionManager.cs";
        var diagnostics = await LifecycleDiagnosticsIn(file);
        var grd301 = Assert.Single(diagnostics, d => d.Id == "GRD301");
        Assert.Equal(LineOf(file, "_connected = false;"), grd301.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(LineOf(file, "if (!_connected)"), grd301.AdditionalLocations[0].GetLineSpan().StartLinePosition.Line);
        Assert.Contains("'_connected'", grd301.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // ConnectAsync tests and sets the flag under one semaphore region: the correct form.
        Assert.DoesNotContain(diagnostics, d => d.Location.GetLineSpan().StartLinePosition.Line == LineOf(file, "_connected = true;"));
        // The same finally also writes '_connected' without '_connectLock', which ConnectAsync holds for it: GRD302.
        var grd302 = Assert.Single(diagnostics, d => d.Id == "GRD302");
        Assert.Equal(LineOf(file, "_connected = false;"), grd302.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(LineOf(file, "_connected = true;"), grd302.AdditionalLocations[0].GetLineSpan().StartLinePosition.Line);
        Assert.Equal(new[] { "GRD301", "GRD302", "GRD303" }, diagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task TaskBookkeeping_RunningJobRemovedInFinallyWithoutTheLock_IsReported()
    {
        const string file = "Tasks/TaskBookkeeping.cs";
        var diagnostics = await LifecycleDiagnosticsIn(file);
        var grd302 = Assert.Single(diagnostics);
        Assert.Equal("GRD302", grd302.Id);
        Assert.Equal(LineOf(file, "_running.Remove(id);"), grd302.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(LineOf(file, "_running.Add(id, job);"), grd302.AdditionalLocations[0].GetLineSpan().StartLinePosition.Line);
        Assert.Contains("lock (_gate)", grd302.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorrectVariants_AreQuiet()
    {
        // RunExclusiveAsync's wait/try/finally and ConnectAsync's wait/try/finally are the correct forms.
        foreach (var file in new[] { "Sessions/SessionLockRegistry.cs", "Workflows/WorkflowSessionCache.cs", "Rag/QueryCache.cs", "Payments/TabService.cs", "Workflows/WorkflowSession.cs" })
        {
            Assert.Empty(await LifecycleDiagnosticsIn(file));
        }

        foreach (var file in Directory.EnumerateFiles(Repository.PathOf("samples", "Cafe", "Util"), "*.cs"))
        {
            Assert.Empty(await LifecycleDiagnosticsIn(Path.Combine("Util", Path.GetFileName(file))));
        }
    }

    [Fact]
    public async Task NoAnalyzerExceptions()
    {
        var diagnostics = await s_diagnostics.Value;
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    private static async Task<List<Diagnostic>> LifecycleDiagnosticsIn(string relativePath)
    {
        var path = Path.GetFullPath(Repository.PathOf("samples", "Cafe", relativePath));
        var diagnostics = await s_diagnostics.Value;
        return diagnostics
            .Where(d => d.Id.StartsWith("GRD3", StringComparison.Ordinal) && d.Location.SourceTree?.FilePath == path)
            .ToList();
    }

    /// <summary>The zero-based line of the only line of the sample file that contains <paramref name="text"/>.</summary>
    private static int LineOf(string relativePath, string text)
    {
        var lines = File.ReadAllLines(Repository.PathOf("samples", "Cafe", relativePath));
        var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(text, StringComparison.Ordinal)).ToList();
        return Assert.Single(matches);
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeCafeAsync()
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        var files = Directory.EnumerateFiles(Repository.PathOf("samples", "Cafe"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                           !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var trees = files
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parseOptions, path: Path.GetFullPath(path)))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, parseOptions, path: "/ImplicitUsings.cs"))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "Cafe",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var analyzers = ConventionTests.RuleAnalyzers()
            .Where(a => a.SupportedDiagnostics.Any(d => d.Id.StartsWith("GRD3", StringComparison.Ordinal)))
            .ToImmutableArray();
        Assert.NotEmpty(analyzers);
        var exceptions = new System.Collections.Concurrent.ConcurrentBag<Diagnostic>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Add(diagnostic),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        return diagnostics.AddRange(exceptions);
    }

    /// <summary>The global usings that the sample's <c>ImplicitUsings</c> gives it.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
