using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.CodeFixes.Editing;

/// <summary>
/// The places where a type's code names a monitor lock object: the operand of <c>lock</c>, the object passed to
/// <c>Monitor.Enter</c>/<c>TryEnter</c>/<c>Exit</c>/<c>Wait</c>/<c>Pulse</c>/<c>PulseAll</c>/<c>IsEntered</c>, and the
/// receiver of a <c>System.Threading.Lock</c>'s own methods. Moving a lock to another object means moving all of them.
/// </summary>
internal static class LockUses
{
    private static readonly HashSet<string> MonitorMethods = new() { "Enter", "TryEnter", "Exit", "Wait", "Pulse", "PulseAll", "IsEntered" };
    private static readonly HashSet<string> LockMethods = new() { "Enter", "TryEnter", "EnterScope", "Exit", "IsHeldByCurrentThread" };

    /// <summary>
    /// The declarations of <paramref name="type"/>, when every one of them is in <paramref name="root"/>'s document: a
    /// fix that moves every lock of the type must see them all. Null otherwise.
    /// </summary>
    public static IReadOnlyList<TypeDeclarationSyntax>? PartsIn(SyntaxNode root, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var parts = new List<TypeDeclarationSyntax>();
        foreach (var reference in type.OriginalDefinition.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != root.SyntaxTree || reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax part)
            {
                return null;
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : parts;
    }

    /// <summary>Whether the compiler reports an error anywhere in <paramref name="parts"/>: a fix does not edit code that does not compile.</summary>
    public static bool HaveErrors(IEnumerable<TypeDeclarationSyntax> parts, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        parts.Any(part => part.HasErrors(semanticModel, cancellationToken));

    /// <summary>Every expression in <paramref name="parts"/> (nested types included) that names a lock object.</summary>
    public static IEnumerable<ExpressionSyntax> In(IEnumerable<TypeDeclarationSyntax> parts, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        foreach (var node in parts.SelectMany(part => part.DescendantNodes()))
        {
            switch (node)
            {
                case LockStatementSyntax lockStatement:
                    yield return lockStatement.Expression;
                    break;

                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
                    when MonitorMethods.Contains(access.Name.Identifier.ValueText) || LockMethods.Contains(access.Name.Identifier.ValueText):
                    if (semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method)
                    {
                        if (IsThreadingType(method.ContainingType, "Monitor") && FirstArgument(invocation, method) is { } locked)
                        {
                            yield return locked;
                        }
                        else if (IsThreadingType(method.ContainingType, "Lock") && !method.IsStatic)
                        {
                            yield return access.Expression;
                        }
                    }

                    break;

                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsHeldByCurrentThread", Parent: not InvocationExpressionSyntax } held
                    when semanticModel.GetSymbolInfo(held, cancellationToken).Symbol is IPropertySymbol property && IsThreadingType(property.ContainingType, "Lock"):
                    yield return held.Expression;
                    break;
            }
        }
    }

    /// <summary>The expression beneath parentheses and casts: what <c>lock ((object)x)</c> locks is <c>x</c> (boxed or not).</summary>
    public static ExpressionSyntax Unwrapped(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    continue;
                case CastExpressionSyntax cast:
                    expression = cast.Expression;
                    continue;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    expression = suppressed.Operand;
                    continue;
                default:
                    return expression;
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> is <c>System.Threading.{name}</c>.</summary>
    public static bool IsThreadingType(ITypeSymbol? type, string name) =>
        type is INamedTypeSymbol { Name: var typeName, ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } &&
        typeName == name;

    private static ExpressionSyntax? FirstArgument(InvocationExpressionSyntax invocation, IMethodSymbol method)
    {
        if (method.Parameters.IsEmpty)
        {
            return null;
        }

        var first = method.Parameters[0].Name;
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            if (argument.NameColon is null ? argument == invocation.ArgumentList.Arguments[0] : argument.NameColon.Name.Identifier.ValueText == first)
            {
                return argument.Expression;
            }
        }

        return null;
    }
}
