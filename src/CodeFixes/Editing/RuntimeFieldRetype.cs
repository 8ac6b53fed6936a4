using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Editing;

/// <summary>
/// Turns a collection field's declaration into one of a Guarded.Runtime type, e.g.
/// <c>Dictionary&lt;string, Session&gt; _sessions = new(StringComparer.Ordinal)</c> →
/// <c>DoubleCheckedCache&lt;string, Session&gt; _sessions = new DoubleCheckedCache&lt;string, Session&gt;(new DoubleCheckedCacheOptions&lt;string&gt;() { KeyComparer = StringComparer.Ordinal })</c>.
/// </summary>
internal static class RuntimeFieldRetype
{
    /// <summary>
    /// The declaration of <paramref name="declarator"/> retyped to <c>Guarded.{typeName}&lt;typeArguments&gt;</c>, initialized
    /// with a new instance; a key comparer passed to the old collection's constructor moves to
    /// <c>Guarded.{optionsName}&lt;TKey&gt;.KeyComparer</c>.
    /// </summary>
    public static FieldDeclarationSyntax Retype(VariableDeclaratorSyntax declarator, string typeName, string optionsName, params ITypeSymbol[] typeArguments)
    {
        var declaration = (FieldDeclarationSyntax)declarator.Parent!.Parent!;
        var arguments = typeArguments.Select(t => ParseTypeName(t.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))).ToArray();
        var runtimeType = GuardedType(typeName, arguments);
        var comparer = (declarator.Initializer?.Value as BaseObjectCreationExpressionSyntax)?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.Expression is not LiteralExpressionSyntax)?.Expression;
        var constructorArguments = comparer is null
            ? ArgumentList()
            : ArgumentList(SingletonSeparatedList(Argument(
                ObjectCreationExpression(GuardedType(optionsName, arguments[0]))
                    .WithArgumentList(ArgumentList())
                    .WithInitializer(InitializerExpression(
                        SyntaxKind.ObjectInitializerExpression,
                        SingletonSeparatedList<ExpressionSyntax>(
                            AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName("KeyComparer"), comparer.WithoutTrivia())))))));
        return SyntaxHelpers.Tidy(declaration.WithDeclaration(
            declaration.Declaration
                .WithType(runtimeType.WithTriviaFrom(declaration.Declaration.Type))
                .WithVariables(SingletonSeparatedList(declarator.WithInitializer(
                    EqualsValueClause(ObjectCreationExpression(runtimeType).WithArgumentList(constructorArguments)))))));
    }

    /// <summary><c>global::Guarded.{name}&lt;arguments&gt;</c>, shortened (with its <c>using</c> added) by the code action's clean-up.</summary>
    public static NameSyntax GuardedType(string name, params TypeSyntax[] arguments) =>
        QualifiedName(
                AliasQualifiedName(IdentifierName(Token(SyntaxKind.GlobalKeyword)), IdentifierName("Guarded")),
                GenericName(name).AddTypeArgumentListArguments(arguments))
            .WithAdditionalAnnotations(Simplifier.AddImportsAnnotation);
}
