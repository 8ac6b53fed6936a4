using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Guarded.CodeFixes.Editing;

internal static class SyntaxHelpers
{
    /// <summary>
    /// A reference to <paramref name="fullyQualifiedName"/> (e.g. <c>System.Threading.Interlocked</c>) that the code
    /// action's clean-up shortens to its simple name and adds the <c>using</c> for.
    /// </summary>
    public static ExpressionSyntax TypeReference(string fullyQualifiedName) =>
        SyntaxFactory.ParseExpression("global::" + fullyQualifiedName)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>The identifiers in <paramref name="scope"/> (itself included) that bind to <paramref name="symbol"/>.</summary>
    public static IEnumerable<IdentifierNameSyntax> ReferencesTo(SyntaxNode scope, ISymbol symbol, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        scope.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Where(id => id.Identifier.ValueText == symbol.Name && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(id, cancellationToken).Symbol, symbol));

    /// <summary><c>Target.Method(arguments)</c>.</summary>
    public static InvocationExpressionSyntax Call(ExpressionSyntax target, string method, params ArgumentSyntax[] arguments) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));

    /// <summary><c>ref expression</c> as an argument.</summary>
    public static ArgumentSyntax RefArgument(ExpressionSyntax expression) =>
        SyntaxFactory.Argument(expression.WithoutTrivia()).WithRefKindKeyword(SyntaxFactory.Token(SyntaxKind.RefKeyword));

    /// <summary>Marks <paramref name="node"/> for formatting and simplification by the code action's clean-up.</summary>
    public static T Tidy<T>(T node)
        where T : SyntaxNode =>
        node.WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
}
