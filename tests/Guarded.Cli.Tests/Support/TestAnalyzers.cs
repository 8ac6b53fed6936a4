using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Tests.Support;

/// <summary>
/// A deterministic stand-in rule for testing the CLI's plumbing independently of the real rules: reports every
/// call to a method named <c>ContainsKey</c>, with the enclosing method's name as additional location.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ContainsKeyTestAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "TST001";

    public static readonly DiagnosticDescriptor Rule = new(
        Id,
        "ContainsKey call",
        "'{0}' calls ContainsKey",
        "Testing",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Reports ContainsKey calls.",
        helpLinkUri: "https://example.org/rules/TST001.md");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.InvocationExpression);
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ContainsKey" } access)
        {
            MethodDeclarationSyntax? method = invocation.FirstAncestorOrSelf<MethodDeclarationSyntax>();
            Location[] additional = method is null ? [] : [method.Identifier.GetLocation()];
            context.ReportDiagnostic(Diagnostic.Create(Rule, access.Name.GetLocation(), additional, method?.Identifier.ValueText ?? "?"));
        }
    }
}

/// <summary>An analyzer with a bug: it throws on every class declaration.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ThrowingTestAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        "TST999", "Throws", "Never reported", "Testing", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(_ => throw new InvalidOperationException("boom from the test analyzer"), SyntaxKind.ClassDeclaration);
    }
}

internal static class Sources
{
    /// <summary>A check-then-act race on a dictionary that is locked elsewhere (GRD101).</summary>
    public const string RacyCache = """
        namespace Scratch;

        public sealed class RacyCache
        {
            private readonly Dictionary<string, string> _items = new();
            private readonly object _gate = new();

            public void Put(string key, string value)
            {
                lock (_gate)
                {
                    _items[key] = value;
                }
            }

            public string GetOrAdd(string key, Func<string, string> create)
            {
                if (!_items.ContainsKey(key))
                {
                    _items[key] = create(key);
                }

                return _items[key];
            }
        }
        """;

    /// <summary>Single-threaded code that must stay quiet.</summary>
    public const string QuietBuilder = """
        namespace Scratch;

        public sealed class Builder
        {
            private readonly Dictionary<string, int> _counts = new();

            public Builder Add(string name)
            {
                if (!_counts.ContainsKey(name))
                {
                    _counts.Add(name, 0);
                }

                return this;
            }
        }
        """;

    /// <summary>A file that does not compile.</summary>
    public const string Broken = """
        namespace Scratch;

        public sealed class Broken
        {
            public int Value => new MissingType().Compute();
        }
        """;
}
