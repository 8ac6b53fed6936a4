using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// GRD102 fixes, for the shapes that have one atomic equivalent:
/// <c>if (!d.ContainsKey(k)) d[k] = v;</c> → <c>d.TryAdd(k, v);</c>;
/// <c>if (d.ContainsKey(k)) … d[k] …</c> → <c>if (d.TryGetValue(k, out var value)) … value …</c>;
/// <c>if (!d.TryGetValue(k, out var x)) { x = E; d[k] = x; }</c> → <c>var x = d.GetOrAdd(k, key =&gt; E);</c> (the factory reads its parameter, not the captured key).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CheckThenActOnConcurrentCollectionFixer))]
[Shared]
public sealed class CheckThenActOnConcurrentCollectionFixer : CodeFixProvider
{
    private const string AtomicApiKey = DiagnosticIds.CheckThenActOnConcurrentCollection + ".AtomicApi";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CheckThenActOnConcurrentCollection);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax access } check ||
                check.ArgumentList.Arguments.Count == 0)
            {
                continue;
            }

            var rewrite = access.Name.Identifier.ValueText switch
            {
                "ContainsKey" => ContainsKeyRewrite(check, access, semanticModel, context.CancellationToken),
                "TryGetValue" => TryGetValueRewrite(check, access, semanticModel, context.CancellationToken),
                _ => null,
            };

            if (rewrite is { } r)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use {r.Api}",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(r.Original, r.Replacement.WithAdditionalAnnotations(Formatter.Annotation)))),
                        AtomicApiKey),
                    diagnostic);
            }
        }
    }

    private static Rewrite? ContainsKeyRewrite(InvocationExpressionSyntax check, MemberAccessExpressionSyntax access, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var key = check.ArgumentList.Arguments[0].Expression;

        // if (!d.ContainsKey(k)) d[k] = v;   or   d.TryAdd(k, v);
        if (check.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not &&
            not.Parent is IfStatementSyntax { Else: null } ifNotStatement &&
            SingleStatement(ifNotStatement.Statement) is ExpressionStatementSyntax { Expression: var act } &&
            AddedValue(act, access.Expression, key) is { } value)
        {
            var tryAdd = ExpressionStatement(Call(access.Expression, "TryAdd", key, value));
            return new Rewrite(ifNotStatement, tryAdd.WithTriviaFrom(ifNotStatement), "TryAdd");
        }

        // if (d.ContainsKey(k)) { … d[k] … }   or   d.ContainsKey(k) ? d[k] : other
        SyntaxNode? whenTrue = check.Parent switch
        {
            IfStatementSyntax ifStatement when ifStatement.Condition == check => ifStatement.Statement,
            ConditionalExpressionSyntax conditional when conditional.Condition == check => conditional.WhenTrue,
            _ => null,
        };
        if (whenTrue is null)
        {
            return null;
        }

        var reads = whenTrue.DescendantNodesAndSelf().OfType<ElementAccessExpressionSyntax>()
            .Where(e => SyntaxFactory.AreEquivalent(e.Expression, access.Expression) && e.ArgumentList.Arguments.Count == 1 && SyntaxFactory.AreEquivalent(e.ArgumentList.Arguments[0].Expression, key))
            .ToList();
        if (reads.Count == 0 || reads.Any(r => r.Parent is AssignmentExpressionSyntax assignment && assignment.Left == r))
        {
            return null;
        }

        var declaredInside = whenTrue.DescendantNodes().Select(n => n switch
        {
            VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
            SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
            _ => null,
        }).Where(n => n is not null).ToImmutableHashSet();
        var name = Naming.FreeName("value", semanticModel, check.SpanStart, declaredInside!);
        var tryGet = Call(access.Expression, "TryGetValue", key, null)
            .WithArgumentList(ArgumentList(SeparatedList(new[]
            {
                Argument(key),
                Argument(DeclarationExpression(IdentifierName("var"), SingleVariableDesignation(Identifier(name)))).WithRefKindKeyword(Token(SyntaxKind.OutKeyword)),
            })));
        var owner = check.Parent!;
        var replaced = owner.ReplaceNodes(
            reads.Cast<SyntaxNode>().Append(check),
            (original, _) => original == check ? tryGet.WithTriviaFrom(check) : IdentifierName(name).WithTriviaFrom(original));
        return new Rewrite(owner, replaced, "TryGetValue");
    }

    private static Rewrite? TryGetValueRewrite(InvocationExpressionSyntax check, MemberAccessExpressionSyntax access, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        // if (!d.TryGetValue(k, out var x)) { x = E; d[k] = x; }   →   var x = d.GetOrAdd(k, key => E);
        if (check.ArgumentList.Arguments.Count != 2 ||
            check.Parent is not PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not ||
            not.Parent is not IfStatementSyntax { Else: null, Statement: BlockSyntax { Statements.Count: 2 } body } ifStatement ||
            body.Statements[0] is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: IdentifierNameSyntax assigned } create } ||
            body.Statements[1] is not ExpressionStatementSyntax { Expression: var act })
        {
            return null;
        }

        var key = check.ArgumentList.Arguments[0].Expression;
        var output = check.ArgumentList.Arguments[1].Expression;
        var (declaredType, variable) = output switch
        {
            DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax designation } declaration => (declaration.Type, designation.Identifier.ValueText),
            IdentifierNameSyntax identifier => ((TypeSyntax?)null, identifier.Identifier.ValueText),
            _ => (null, (string?)null),
        };
        if (variable is null || assigned.Identifier.ValueText != variable ||
            AddedValue(act, access.Expression, key) is not IdentifierNameSyntax added || added.Identifier.ValueText != variable)
        {
            return null;
        }

        if (semanticModel.GetTypeInfo(access.Expression, cancellationToken).Type is not INamedTypeSymbol { TypeArguments.Length: 2 } dictionary)
        {
            return null;
        }

        var getOrAdd = Call(access.Expression, "GetOrAdd", key, SyntaxHelpers.KeyedFactory(key, create.Right, dictionary.TypeArguments[0], semanticModel, cancellationToken));
        StatementSyntax replacement = declaredType is null
            ? ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(variable), getOrAdd))
            : LocalDeclarationStatement(VariableDeclaration(declaredType, SingletonSeparatedList(VariableDeclarator(variable).WithInitializer(EqualsValueClause(getOrAdd)))));
        return new Rewrite(ifStatement, replacement.WithTriviaFrom(ifStatement), "GetOrAdd");
    }

    /// <summary>The value of <c>d[k] = v</c> or <c>d.TryAdd(k, v)</c> on the same dictionary and key.</summary>
    private static ExpressionSyntax? AddedValue(ExpressionSyntax act, ExpressionSyntax dictionary, ExpressionSyntax key) => act switch
    {
        AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: ElementAccessExpressionSyntax element } assignment
            when SyntaxFactory.AreEquivalent(element.Expression, dictionary) && element.ArgumentList.Arguments.Count == 1 && SyntaxFactory.AreEquivalent(element.ArgumentList.Arguments[0].Expression, key)
            => assignment.Right,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TryAdd" } tryAdd } invocation
            when SyntaxFactory.AreEquivalent(tryAdd.Expression, dictionary) && invocation.ArgumentList.Arguments.Count == 2 && SyntaxFactory.AreEquivalent(invocation.ArgumentList.Arguments[0].Expression, key)
            => invocation.ArgumentList.Arguments[1].Expression,
        _ => null,
    };

    private static StatementSyntax? SingleStatement(StatementSyntax statement) =>
        statement is BlockSyntax block ? (block.Statements.Count == 1 ? block.Statements[0] : null) : statement;

    private static InvocationExpressionSyntax Call(ExpressionSyntax target, string method, ExpressionSyntax first, ExpressionSyntax? second) =>
        InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target.WithoutTrivia(), IdentifierName(method)),
            ArgumentList(SeparatedList(second is null
                ? new[] { Argument(first.WithoutTrivia()) }
                : new[] { Argument(first.WithoutTrivia()), Argument(second.WithoutTrivia()) })));

    private readonly struct Rewrite
    {
        public Rewrite(SyntaxNode original, SyntaxNode replacement, string api)
        {
            Original = original;
            Replacement = replacement;
            Api = api;
        }

        public SyntaxNode Original { get; }

        public SyntaxNode Replacement { get; }

        public string Api { get; }
    }
}
