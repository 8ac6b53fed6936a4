using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.Analyzers.Model;

/// <summary>
/// Semaphores used to signal, not to exclude: created with no free slot (<c>new SemaphoreSlim(0)</c>), or released by a
/// function that does not wait on it (a producer releases, a consumer waits). Their <c>Wait</c> and
/// <c>Release</c> are not an acquire and a release of a lock, so nothing must pair them in a <c>finally</c>.
/// </summary>
internal static class SignalSemaphores
{
    /// <summary>Whether the semaphore that <paramref name="guard"/> names is a signal, judged from its declarations and its type's code.</summary>
    /// <param name="guard">A <see cref="GuardKind.Semaphore"/> guard on a field, property or local.</param>
    /// <param name="function">The syntax of the function that waits on it and releases it.</param>
    public static bool IsSignal(Guard guard, SyntaxNode function)
    {
        if (guard.Kind != GuardKind.Semaphore || guard.Symbol is not { } symbol)
        {
            return false;
        }

        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var value } && StartsEmpty(value))
            {
                return true;
            }
        }

        if (symbol is not (IFieldSymbol or IPropertySymbol) || symbol.ContainingType is not { } type)
        {
            return false;
        }

        foreach (var declaration in type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()))
        {
            foreach (var node in declaration.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when Names(assignment.Left, symbol.Name) && StartsEmpty(assignment.Right):
                        return true;

                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Release" } access } release
                        when Names(access.Expression, symbol.Name) && FunctionOf(release) is { } releaser && releaser != function && !Waits(releaser, symbol.Name):
                        return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="function"/> waits on the semaphore named <paramref name="name"/> itself (then its release is a lock's).</summary>
    private static bool Waits(SyntaxNode function, string name) =>
        function.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(invocation =>
            invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" or "WaitAsync" } access &&
            Names(access.Expression, name));

    private static bool StartsEmpty(ExpressionSyntax creation)
    {
        var arguments = creation switch
        {
            ObjectCreationExpressionSyntax explicitNew => explicitNew.ArgumentList,
            ImplicitObjectCreationExpressionSyntax implicitNew => implicitNew.ArgumentList,
            _ => null,
        };

        return arguments is { Arguments.Count: > 0 } &&
            arguments.Arguments[0].Expression is LiteralExpressionSyntax { Token.Value: 0 };
    }

    private static bool Names(ExpressionSyntax expression, string name) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText == name,
        _ => false,
    };

    /// <summary>The innermost method, accessor, lambda or local function that contains <paramref name="node"/>.</summary>
    public static SyntaxNode? FunctionOf(SyntaxNode node) =>
        node.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax });
}
