using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.CodeFixes.Editing;

/// <summary>The <c>[GuardedBy]</c> and <c>[RequiresGuard]</c> annotations of a type, which name its lock objects.</summary>
internal static class GuardAnnotations
{
    /// <summary>
    /// The arguments of the annotations in <paramref name="parts"/> that name the lock object <paramref name="name"/>:
    /// the string itself (<c>"_gate"</c>, <c>"this"</c>) or <c>nameof</c> of <paramref name="symbol"/>.
    /// </summary>
    public static IReadOnlyList<ExpressionSyntax> ArgumentsNaming(
        IEnumerable<TypeDeclarationSyntax> parts, string name, ISymbol? symbol, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var result = new List<ExpressionSyntax>();
        foreach (var attribute in parts.SelectMany(p => p.DescendantNodes().OfType<AttributeSyntax>()))
        {
            if (attribute.ArgumentList is null || !IsGuardAnnotation(attribute))
            {
                continue;
            }

            foreach (var argument in attribute.ArgumentList.Arguments)
            {
                if (argument.NameEquals is null && argument.NameColon is null &&
                    semanticModel.GetConstantValue(argument.Expression, cancellationToken) is { HasValue: true, Value: string value } &&
                    value == name &&
                    (argument.Expression is LiteralExpressionSyntax || NameOfRefersTo(argument.Expression, symbol, semanticModel, cancellationToken)))
                {
                    result.Add(argument.Expression);
                }
            }
        }

        return result;
    }

    private static bool IsGuardAnnotation(AttributeSyntax attribute)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };

        return name is "GuardedBy" or "GuardedByAttribute" or "RequiresGuard" or "RequiresGuardAttribute";
    }

    private static bool NameOfRefersTo(ExpressionSyntax expression, ISymbol? symbol, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        symbol is not null &&
        expression is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" }, ArgumentList.Arguments: { Count: 1 } arguments } &&
        SymbolEqualityComparer.Default.Equals(
            semanticModel.GetSymbolInfo(arguments[0].Expression, cancellationToken).Symbol?.OriginalDefinition,
            symbol.OriginalDefinition);
}
