using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Editing;

/// <summary>
/// Rewrites an integer update of a field (<c>_n++</c>, <c>--_n</c>, <c>_n += k</c>, <c>_n -= k</c>, <c>_n = _n + k</c>)
/// to the <c>Interlocked</c> call that does it in one atomic step, keeping the value the expression yielded.
/// </summary>
internal static class InterlockedRewrite
{
    /// <summary>The <c>Interlocked</c> call that replaces the update at <paramref name="diagnostic"/>'s location, or null when none fits.</summary>
    public static NodeRewrite? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
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

        return new NodeRewrite(node, SyntaxHelpers.Tidy(call).WithTriviaFrom(node), $"Use Interlocked.{method}");
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
}
