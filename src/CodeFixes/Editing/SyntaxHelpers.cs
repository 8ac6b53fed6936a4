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
    /// <summary>Whether <paramref name="node"/> has syntax or compiler errors: a fix never rewrites code that does not compile.</summary>
    public static bool HasErrors(this SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        node.ContainsDiagnostics ||
        semanticModel.GetDiagnostics(node.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);

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

    /// <summary>
    /// The value factory of a get-or-add on <paramref name="key"/>: <c>key =&gt; value</c>, with the key variable's reads
    /// in <paramref name="value"/> turned into reads of the lambda's own parameter, so the lambda captures nothing for the
    /// key and no closure is allocated on every call, hits included. It is
    /// <c>_ =&gt; value</c> when <paramref name="value"/> does not read the key, or when the key is not a local or
    /// parameter of exactly <paramref name="keyType"/> (the parameter would change its type) that <paramref name="value"/>
    /// only reads (see <see cref="MayWrite"/>).
    /// </summary>
    public static SimpleLambdaExpressionSyntax KeyedFactory(ExpressionSyntax key, ExpressionSyntax value, ITypeSymbol keyType, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var parameter = "_";
        var body = value;
        if (key is IdentifierNameSyntax &&
            semanticModel.GetSymbolInfo(key, cancellationToken).Symbol is { Kind: SymbolKind.Local or SymbolKind.Parameter } variable &&
            SymbolEqualityComparer.Default.Equals(semanticModel.GetTypeInfo(key, cancellationToken).Type, keyType))
        {
            // A member of a mutable struct key may change it: only the lambda's copy would change then.
            var membersWrite = keyType is { IsValueType: true, IsReadOnly: false, SpecialType: SpecialType.None };
            var reads = ReferencesTo(value, variable, semanticModel, cancellationToken).ToList();
            if (reads.Count > 0 && !reads.Any(read => MayWrite(read, membersWrite)) && KeyParameterName(value, variable, semanticModel) is { } name)
            {
                parameter = name;
                body = value.ReplaceNodes(reads, (original, _) => SyntaxFactory.IdentifierName(name).WithTriviaFrom(original));
            }
        }

        return SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameter)), body.WithoutTrivia());
    }

    /// <summary>
    /// <c>key</c> (or <c>key2</c>, …): a name <paramref name="value"/> does not already use for something else, and, before
    /// C# 8 (no shadowing in lambdas), no local or parameter in scope.
    /// </summary>
    private static string? KeyParameterName(ExpressionSyntax value, ISymbol variable, SemanticModel semanticModel)
    {
        var used = new HashSet<string>(value.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText != variable.Name).Select(t => t.ValueText));
        bool mayShadow = ((CSharpParseOptions)value.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8;
        for (var i = 1; i < 10; i++)
        {
            var candidate = i == 1 ? "key" : "key" + i;
            if (!used.Contains(candidate) &&
                (mayShadow || !semanticModel.LookupSymbols(value.SpanStart, name: candidate).Any(s => s.Kind is SymbolKind.Local or SymbolKind.Parameter)))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="use"/> (a variable or field as written) may change what it names: an assignment to it, a
    /// <c>ref</c>/<c>out</c>/<c>in</c> argument, <c>++</c>/<c>--</c>, a <c>ref</c> expression, a tuple element (it may be
    /// deconstructed into); with <paramref name="membersWrite"/> (a mutable struct), a member or element access on it too.
    /// </summary>
    public static bool MayWrite(ExpressionSyntax use, bool membersWrite) => use.Parent switch
    {
        AssignmentExpressionSyntax assignment => assignment.Left == use,
        ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None) || argument.Parent is TupleExpressionSyntax,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } => true,
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } => true,
        RefExpressionSyntax => true,
        MemberAccessExpressionSyntax or ElementAccessExpressionSyntax => membersWrite,
        _ => false,
    };

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
