using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers.Model;
using Guarded.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Guarded.Analyzers.Tests;

/// <summary>
/// The analyzer the package ships: it hosts every rule, judges a partial type on all its parts, checks top-level
/// programs too, and binds only code that can touch its type or concurrency.
/// </summary>
public sealed class GuardedAnalyzerTests
{
    private const string TabsWithLockedWrite = """
        using System.Collections.Generic;

        public sealed partial class Tabs
        {
            private readonly object _gate = new object();
            private readonly Dictionary<string, decimal> _totals = new Dictionary<string, decimal>();

            public void Charge(string tab, decimal amount)
            {
                lock (_gate)
                {
                    _totals[tab] = amount;
                }
            }
        }
        """;

    private const string TabsWithUnlockedRead = """
        public sealed partial class Tabs
        {
            public decimal Total(string tab) => {|#0:_totals|}[tab];
        }
        """;

    [Fact]
    public async Task PartialTypeAcrossFiles_IsJudgedOnAllItsParts()
    {
        var test = new HostTest();
        test.TestState.Sources.Add(("/src/Tabs.Charge.cs", TabsWithLockedWrite));
        test.TestState.Sources.Add(("/src/Tabs.Total.cs", TabsWithUnlockedRead));
        test.ExpectedDiagnostics.Add(Finding("GRD201").WithLocation(0));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task PartialTypeInOneFile_IsJudgedOnAllItsParts()
    {
        var test = new HostTest();
        test.TestState.Sources.Add(("/src/Tabs.cs", TabsWithLockedWrite + "\n" + TabsWithUnlockedRead));
        test.ExpectedDiagnostics.Add(Finding("GRD201").WithLocation(0));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task TopLevelStatements_AreCheckedByTheLockFlowRules()
    {
        var test = new HostTest();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("/src/Program.cs", """
            using System;
            using System.Threading;

            {|#1:Monitor.Enter(Gates.Printer)|};
            Console.WriteLine("ticket");
            {|#0:Monitor.Exit(Gates.Printer)|};

            internal static class Gates
            {
                public static readonly object Printer = new object();
            }
            """));
        test.ExpectedDiagnostics.Add(Finding("GRD303").WithLocation(0));
        await test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("static int Sum(int[] values) { int total = 0; foreach (int v in values) { total += v; } return total; }", false)]
    [InlineData("static string Label(List<string> names) => names.Count == 0 ? \"none\" : string.Join(\", \", names);", false)]
    [InlineData("void Touch() { _count++; }", true)]
    [InlineData("void Guard(object o) { lock (o) { } }", true)]
    [InlineData("static void Later(Action a) => Task.Run(a);", true)]
    [InlineData("static void Wait(Func<SemaphoreSlim> get) { var s = get(); s.Wait(); s.Release(); }", true)]
    [InlineData("static Gate Make() => new();", true)]
    [InlineData("static void Aliased(object o) { using var s = (Sem)o; }", true)]
    public void OnlyCodeThatCanTouchConcurrencyOrItsTypeIsBound(string member, bool bound)
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Sem = System.Threading.SemaphoreSlim;

            public sealed class Gate
            {
                private int _count;

                {{member}}
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(source);
        var compilation = CSharpCompilation.Create("Vocabulary", new[] { tree }, ReferenceAssemblyPaths.Select(p => MetadataReference.CreateFromFile(p)));
        var type = compilation.GetTypeByMetadataName("Gate")!;
        var vocabulary = ConcurrencyVocabulary.For(compilation, WellKnownTypes.Create(compilation));
        var declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();

        Assert.Equal(bound, vocabulary.MayMatter(declaration, new(type.MemberNames)));
    }

    private static DiagnosticResult Finding(string id) =>
        new DiagnosticResult(id, DiagnosticSeverity.Warning).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    private static string[] ReferenceAssemblyPaths { get; } =
        ((string)System.AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(System.IO.Path.PathSeparator)
            .Where(path => System.IO.Path.GetFileName(path).StartsWith("System", System.StringComparison.Ordinal) || System.IO.Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .ToArray();

    private sealed class HostTest : CSharpAnalyzerTest<GuardedAnalyzer, DefaultVerifier>
    {
        public HostTest()
        {
            ReferenceAssemblies = TestReferences.Net80;
            TestState.AdditionalReferences.Add(TestReferences.GuardedRuntime);
        }
    }
}
