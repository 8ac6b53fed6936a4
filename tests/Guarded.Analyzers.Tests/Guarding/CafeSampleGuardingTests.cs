using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Analyzers.Tests.Guarding;

/// <summary>
/// The GRD2xx rules on samples/Cafe, compiled ad hoc: which findings appear in which file and member, with the
/// expected lines found by their text (not by number), and nothing in the members that are correct.
/// </summary>
public sealed class CafeSampleGuardingTests
{
    private static readonly Lazy<Task<ImmutableArray<Finding>>> s_findings = new(AnalyzeCafeAsync);

    [Fact]
    public async Task QueryCache_TheUnguardedReaderIsReported_TheCheckThenActIsLeftToGrd101()
    {
        var findings = await FindingsIn("Rag/QueryCache.cs");

        Assert.Contains(new Finding("Rag/QueryCache.cs", "GRD201", "TryAnswer", "if (_cache.ContainsKey(key))"), findings);
        Assert.Contains(new Finding("Rag/QueryCache.cs", "GRD201", "TryAnswer", "return _cache[key];"), findings);
        Assert.Contains(new Finding("Rag/QueryCache.cs", "GRD201", "GetOrCompute", "return _cache[key];"), findings);
        Assert.DoesNotContain(findings, f => f.Member == "GetOrCompute" && f.Line is "if (_cache.ContainsKey(key))" or "_cache.Add(key, answer);");
        Assert.DoesNotContain(findings, f => f.Member is "Put" or "Clear" or "QueryCache");
        Assert.All(findings, f => Assert.Contains("lock (_cacheLock) in Put", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConnectionManager_TheConnectedCheckBeforeTheResetIsReported_TheStaleReadAndTheAtomicsAreNot()
    {
        var findings = await FindingsIn("Connections/ConnectionManager.cs");

        // IsConnected reads the flag once: at worst it sees an older value (GRD201.md, "stale reads"). The check in
        // DisconnectAsync decides a later reset of the flag: a test-then-set outside the lock.
        Assert.DoesNotContain(findings, f => f.Member == "IsConnected");
        Assert.Contains(new Finding("Connections/ConnectionManager.cs", "GRD201", "DisconnectAsync", "if (!_connected)"), findings);
        // The reset in the finally is GRD302's finding (and GRD301's), not reported twice.
        Assert.DoesNotContain(new Finding("Connections/ConnectionManager.cs", "GRD201", "DisconnectAsync", "_connected = false;"), findings);
        Assert.DoesNotContain(findings, f => f.Member is "ConnectAsync" or "TicketsSent" or "SendTicket" or "SendGoodbyeAsync");
    }

    [Fact]
    public async Task OrderBoard_TheUnguardedBroadcastAndScreenLookupAreReported_TheLockedMembersAreNot()
    {
        var findings = await FindingsIn("Notifications/OrderBoard.cs");

        Assert.Contains(findings, f => f.Id == "GRD202" && f.Member == "Broadcast" && f.Line == "foreach (IOrderScreen screen in _subscribers)");
        Assert.Contains(new Finding("Notifications/OrderBoard.cs", "GRD201", "IsOnline", "public bool IsOnline(string screenId) => _screensById.ContainsKey(screenId);"), findings);
        Assert.DoesNotContain(findings, f => f.Member is "Subscribe" or "Unsubscribe" or "ScreenCount");
    }

    [Fact]
    public async Task SessionLockRegistry_TheUnguardedLookupIsReported()
    {
        var findings = await FindingsIn("Sessions/SessionLockRegistry.cs");

        Assert.Contains(new Finding("Sessions/SessionLockRegistry.cs", "GRD201", "GetLock", "return _locks[sessionId];"), findings);
        Assert.DoesNotContain(findings, f => f.Member is "ActiveSessions" or "SweepIdle" or "Dispose" or "MarkUsed" or "RunExclusiveAsync");
    }

    [Fact]
    public async Task TaskBookkeeping_TheRemoveInFinallyIsLeftToGRD302_TheLockedEnumerationsAreQuiet()
    {
        var findings = await FindingsIn("Tasks/TaskBookkeeping.cs");

        // The cleanup in the finally is GRD302's finding, not reported twice.
        Assert.DoesNotContain(new Finding("Tasks/TaskBookkeeping.cs", "GRD201", "RunAsync", "_running.Remove(id);"), findings);
        Assert.DoesNotContain(findings, f => f.Member is "Start" or "Snapshot" or "StopAllAsync");
    }

    [Fact]
    public async Task TabService_TheUnlockedTabReadIsReported_TheDebitIsLeftToGRD105()
    {
        var findings = await FindingsIn("Payments/TabService.cs");

        // The validated debit is GRD105's finding (check and update together), not reported twice.
        Assert.DoesNotContain(findings, f => f.Id == "GRD201" && f.Member == "TryPayFromCredit");
        Assert.Contains(findings, f => f.Id == "GRD201" && f.Member == "AddToTab" && f.Line == "_tabs[employeeId] = _tabs[employeeId] + amount;");
        Assert.DoesNotContain(findings, f => f.Member is "Balance" or "TopUp" or "OpenTab" or "CloseTab");
    }

    [Fact]
    public async Task Workflows_AreLeftToGrd101()
    {
        Assert.Empty(await FindingsIn("Workflows/WorkflowSessionCache.cs"));
        Assert.Empty(await FindingsIn("Workflows/WorkflowSession.cs"));
    }

    [Fact]
    public async Task Enumerations_OutsideTheOrderBoard_AllHoldTheirGuard_NoGrd202()
    {
        // Every other enumeration in the sample (Snapshot, StopAllAsync, SweepIdle, Dispose, the expiry loop) is under its lock.
        var findings = (await s_findings.Value).Where(f => f.Id == "GRD202" && f.File != "Notifications/OrderBoard.cs").ToList();
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public async Task NoReadLocksNoAnnotationsAndOneLockPerField_NoGrd203Grd204OrGrd205()
    {
        var findings = (await s_findings.Value).Where(f => f.Id is "GRD203" or "GRD204" or "GRD205").ToList();
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public async Task Util_StaysQuiet()
    {
        var findings = (await s_findings.Value).Where(f => f.File.StartsWith("Util/", StringComparison.Ordinal)).ToList();
        Assert.True(findings.Count == 0, "Util/ must stay quiet, but:\n" + string.Join("\n", findings));
    }

    private static async Task<List<Finding>> FindingsIn(string file)
    {
        var findings = await s_findings.Value;
        Assert.True(File.Exists(Path.Combine(CafeRoot, file)), $"the sample has no {file}");
        return findings.Where(f => f.File == file).ToList();
    }

    private static string CafeRoot => Repository.PathOf("samples", "Cafe");

    private static async Task<ImmutableArray<Finding>> AnalyzeCafeAsync()
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        var files = Directory.EnumerateFiles(CafeRoot, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                           !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var trees = files
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parseOptions, path: Path.GetRelativePath(CafeRoot, path).Replace('\\', '/')))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, parseOptions, path: "ImplicitUsings.g.cs"))
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
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the sample does not compile ad hoc:\n" + string.Join("\n", errors));

        var analyzers = ConventionTests.RuleAnalyzers()
            .Where(a => a.SupportedDiagnostics.Any(d => d.Id.StartsWith("GRD2", StringComparison.Ordinal)))
            .ToImmutableArray();
        Assert.NotEmpty(analyzers);
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.Select(ToFinding).ToImmutableArray();
    }

    private static Finding ToFinding(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree!;
        var span = diagnostic.Location.SourceSpan;
        var node = tree.GetRoot().FindNode(span, getInnermostNodeForTie: true);
        var member = node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is not (TypeDeclarationSyntax or BaseNamespaceDeclarationSyntax));
        var line = tree.GetText().Lines.GetLineFromPosition(span.Start).ToString().Trim();
        return new Finding(tree.FilePath, diagnostic.Id, NameOf(member), line) { Message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture) };
    }

    private static string NameOf(MemberDeclarationSyntax? member) => member switch
    {
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        ConstructorDeclarationSyntax constructor => constructor.Identifier.ValueText,
        FieldDeclarationSyntax field => field.Declaration.Variables[0].Identifier.ValueText,
        _ => "?",
    };

    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    /// <summary>One finding: the file (relative to the sample), the rule, the member and the text of the reported line.</summary>
    internal sealed record Finding(string File, string Id, string Member, string Line)
    {
        public string Message { get; init; } = "";

        public bool Equals(Finding? other) =>
            other is not null && File == other.File && Id == other.Id && Member == other.Member && Line == other.Line;

        public override int GetHashCode() => HashCode.Combine(File, Id, Member, Line);

        public override string ToString() => $"{File} {Id} {Member}: {Line} — {Message}";
    }
}
