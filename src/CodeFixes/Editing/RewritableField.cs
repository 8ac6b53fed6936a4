using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.CodeFixes.Editing;

/// <summary>
/// A field a whole-field rewrite may change: private, declared alone in its declaration, in a type declared once, in
/// the document being fixed, so that every use of it is in sight.
/// </summary>
internal sealed class RewritableField
{
    private RewritableField(IFieldSymbol symbol, VariableDeclaratorSyntax declarator, FieldDeclarationSyntax declaration, TypeDeclarationSyntax type)
    {
        Symbol = symbol;
        Declarator = declarator;
        Declaration = declaration;
        Type = type;
    }

    public IFieldSymbol Symbol { get; }

    public VariableDeclaratorSyntax Declarator { get; }

    public FieldDeclarationSyntax Declaration { get; }

    public TypeDeclarationSyntax Type { get; }

    /// <summary>The field <paramref name="symbol"/> when it qualifies (see the class summary), else null.</summary>
    public static RewritableField? From(ISymbol? symbol, SyntaxNode root, CancellationToken cancellationToken)
    {
        if (symbol is not IFieldSymbol { IsConst: false, DeclaredAccessibility: Accessibility.Private } field ||
            field.DeclaringSyntaxReferences.Length != 1 ||
            field.ContainingType.DeclaringSyntaxReferences.Length != 1 ||
            field.DeclaringSyntaxReferences[0].SyntaxTree != root.SyntaxTree ||
            field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax { Parent: TypeDeclarationSyntax type } declaration } declarator ||
            declaration.Declaration.Variables.Count != 1)
        {
            return null;
        }

        return new RewritableField(field, declarator, declaration, type);
    }

    /// <summary>Every use of the field in its type, as written: <c>_f</c>, or <c>this._f</c> (the member access).</summary>
    public IEnumerable<ExpressionSyntax> Uses(SemanticModel semanticModel, CancellationToken cancellationToken) =>
        Type.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(name => name.Identifier.ValueText == Symbol.Name &&
                           SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, Symbol))
            .Select(UseOf);

    /// <summary><c>this._f</c> for the name in it, else the name itself.</summary>
    public static ExpressionSyntax UseOf(IdentifierNameSyntax name) =>
        name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == name ? self : name;
}
