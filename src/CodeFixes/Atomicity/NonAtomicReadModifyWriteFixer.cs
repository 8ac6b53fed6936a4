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
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// GRD105 fixes: an <c>Interlocked</c> call for integer counters (<c>_n++</c>, <c>_n -= k</c>, <c>_n = _n + k</c>),
/// or the field's guard held across the read and the write (and the check before it).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonAtomicReadModifyWriteFixer))]
[Shared]
public sealed class NonAtomicReadModifyWriteFixer : CodeFixProvider
{
    private const string InterlockedKey = DiagnosticIds.NonAtomicReadModifyWrite + ".Interlocked";
    private const string GuardKey = DiagnosticIds.NonAtomicReadModifyWrite + ".Guard";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.NonAtomicReadModifyWrite);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (InterlockedReplacement(root, semanticModel, diagnostic, context.CancellationToken) is { } replacement)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use Interlocked.{replacement.Method}",
                        ct => ImportCleanup.AddImportsAsync(document.WithSyntaxRoot(root.ReplaceNode(replacement.Node, replacement.Replacement)), ct),
                        InterlockedKey),
                    diagnostic);
            }

            if (GuardWrapPlan.FromDiagnostic(root, semanticModel, diagnostic, context.CancellationToken) is { } plan)
            {
                var title = plan.Guard.IsNewGate
                    ? $"Guard the update with a new lock '{plan.Guard.GuardText}'"
                    : $"Hold '{plan.Guard.GuardText}' across the read and the write";
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => GuardWrapEditor.ApplyAsync(document, new[] { plan }, ct), GuardKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        if (context.CodeActionEquivalenceKey == InterlockedKey)
        {
            var replacements = diagnostics
                .Select(d => InterlockedReplacement(root, semanticModel, d, context.CancellationToken))
                .Where(r => r is not null)
                .ToDictionary(r => r!.Node, r => r!.Replacement);
            var rewritten = document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
            return await ImportCleanup.AddImportsAsync(rewritten, context.CancellationToken).ConfigureAwait(false);
        }

        return await GuardWrapFixes.FixAllAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);
    }

    private static InterlockedRewrite? InterlockedReplacement(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties[GuardProperties.ActCount] != "0")
        {
            // A validated update (check, then write) needs the check inside the same atomic step: no single Interlocked call does that.
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node is ArgumentSyntax argument)
        {
            node = argument.Expression;
        }

        var (target, method, operand, adjustment) = node switch
        {
            PostfixUnaryExpressionSyntax postfix => (postfix.Operand, IncrementOrDecrement(postfix.Kind()), null, ValueIsUsed(postfix) ? AdjustmentForPostfix(postfix.Kind()) : null),
            PrefixUnaryExpressionSyntax prefix => (prefix.Operand, IncrementOrDecrement(prefix.Kind()), null, null),
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } add => (add.Left, "Add", add.Right, null),
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SubtractAssignmentExpression } subtract => (subtract.Left, "Add", Negate(subtract.Right), null),
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Right: BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } sum } simple
                when SyntaxFactory.AreEquivalent(sum.Left, simple.Left) => (simple.Left, "Add", sum.Right, null),
            _ => ((ExpressionSyntax?)null, (string?)null, (ExpressionSyntax?)null, (SyntaxKind?)null),
        };

        if (target is null || method is null || semanticModel.GetTypeInfo(target, cancellationToken).Type is not { } fieldType ||
            !HasInterlockedOverload(semanticModel, method, fieldType))
        {
            return null;
        }

        var arguments = operand is null
            ? new[] { SyntaxHelpers.RefArgument(target) }
            : new[] { SyntaxHelpers.RefArgument(target), Argument(operand.WithoutTrivia()) };
        ExpressionSyntax call = SyntaxHelpers.Call(SyntaxHelpers.TypeReference("System.Threading.Interlocked"), method, arguments);
        if (adjustment is { } kind)
        {
            // 'x = _n++' yields the old value; Interlocked returns the new one.
            call = ParenthesizedExpression(BinaryExpression(kind, call, LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(1))));
        }

        return new InterlockedRewrite(node, SyntaxHelpers.Tidy(call).WithTriviaFrom(node), method);
    }

    private static bool HasInterlockedOverload(SemanticModel semanticModel, string method, ITypeSymbol fieldType) =>
        semanticModel.Compilation.GetTypeByMetadataName("System.Threading.Interlocked") is { } interlocked &&
        interlocked.GetMembers(method).OfType<IMethodSymbol>().Any(m =>
            !m.IsGenericMethod &&
            m.Parameters.Length == (method == "Add" ? 2 : 1) &&
            m.Parameters[0].RefKind == RefKind.Ref &&
            SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, fieldType));

    private static string? IncrementOrDecrement(SyntaxKind kind) => kind switch
    {
        SyntaxKind.PostIncrementExpression or SyntaxKind.PreIncrementExpression => "Increment",
        SyntaxKind.PostDecrementExpression or SyntaxKind.PreDecrementExpression => "Decrement",
        _ => null,
    };

    private static SyntaxKind AdjustmentForPostfix(SyntaxKind kind) =>
        kind == SyntaxKind.PostIncrementExpression ? SyntaxKind.SubtractExpression : SyntaxKind.AddExpression;

    private static bool ValueIsUsed(ExpressionSyntax expression) =>
        expression.Parent is not ExpressionStatementSyntax and not ForStatementSyntax;

    private static ExpressionSyntax Negate(ExpressionSyntax operand) =>
        PrefixUnaryExpression(
            SyntaxKind.UnaryMinusExpression,
            operand is IdentifierNameSyntax or LiteralExpressionSyntax or MemberAccessExpressionSyntax
                ? operand.WithoutTrivia()
                : ParenthesizedExpression(operand.WithoutTrivia()));

    private sealed class InterlockedRewrite
    {
        public InterlockedRewrite(SyntaxNode node, SyntaxNode replacement, string method)
        {
            Node = node;
            Replacement = replacement;
            Method = method;
        }

        public SyntaxNode Node { get; }

        public SyntaxNode Replacement { get; }

        public string Method { get; }
    }
}
