using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.Analyzers.Model;

/// <summary>
/// The guard a <c>lock</c> statement takes, and whether a call can be a given method's, read from syntax alone: for code
/// of other types that the model scans without binding it (base classes, callers elsewhere in the compilation).
/// </summary>
internal static class SyntaxGuards
{
    /// <summary>
    /// The guard <c>lock (<paramref name="expression"/>)</c> takes in code declared by <paramref name="owner"/>:
    /// <c>this</c> (the object <paramref name="thisType"/> describes), or a field or property of the owner or its
    /// base classes, named alone or through <c>this.</c>. Null for anything else (a local, another object's member).
    /// </summary>
    public static Guard? OfLockExpression(ExpressionSyntax expression, INamedTypeSymbol owner, INamedTypeSymbol thisType) => expression switch
    {
        ThisExpressionSyntax => new Guard(GuardTargetKind.This, thisType, GuardKind.Lock, "this"),
        IdentifierNameSyntax identifier => MemberGuard(identifier.Identifier.ValueText, owner),
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax name } => MemberGuard(name.Identifier.ValueText, owner),
        _ => null,
    };

    /// <summary>Whether the argument count of <paramref name="invocation"/> fits <paramref name="method"/>: a call that cannot bind to it is another method's.</summary>
    public static bool ArgumentCountFits(InvocationExpressionSyntax invocation, IMethodSymbol method)
    {
        var count = invocation.ArgumentList.Arguments.Count;
        var required = method.Parameters.Count(p => !p.IsOptional && !p.IsParams);
        return count >= required && (count <= method.Parameters.Length || method.Parameters.LastOrDefault()?.IsParams == true);
    }

    private static Guard? MemberGuard(string name, INamedTypeSymbol owner)
    {
        for (var type = owner; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is IFieldSymbol or IPropertySymbol { Parameters.IsEmpty: true })
                {
                    return new Guard(GuardTargetKind.Symbol, member.OriginalDefinition, GuardKind.Lock, name);
                }
            }
        }

        return null;
    }
}
