using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.Analyzers.Model;

/// <summary>
/// The code blocks of a syntax tree, found on the syntax alone: the same blocks the analyzer driver would hand a
/// code-block action (a method, accessor or constructor body, an expression body, a field or property initializer, a
/// primary constructor's base call, top-level statements), so the rules can visit them from one semantic-model action
/// per tree and bind only those that <see cref="ConcurrencyVocabulary"/> lets through.
/// </summary>
internal static class TreeCodeBlocks
{
    /// <summary>The type declarations of the tree, nested ones included, in source order.</summary>
    public static IEnumerable<TypeDeclarationSyntax> TypesOf(SyntaxNode root) =>
        root.DescendantNodes(node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .OfType<TypeDeclarationSyntax>();

    /// <summary>
    /// Records into <paramref name="builder"/> the code blocks that <paramref name="type"/> declares itself (not those of
    /// its nested types), each with the symbol that owns it, binding only the blocks the builder says may matter.
    /// </summary>
    public static void RecordType(TypeDeclarationSyntax type, INamedTypeSymbol symbol, TypeConcurrencyModelBuilder builder, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        foreach (var member in type.Members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case BaseMethodDeclarationSyntax method:
                    if (builder.MayMatter(method))
                    {
                        Bind(semanticModel.GetDeclaredSymbol(method, cancellationToken), method);
                    }
                    else if (method.AttributeLists.Count > 0 && semanticModel.GetDeclaredSymbol(method, cancellationToken) is { } owner && builder.IsSynchronized(owner))
                    {
                        Bind(owner, method);
                    }

                    break;

                case BasePropertyDeclarationSyntax property:
                    RecordProperty(property);
                    break;

                case BaseFieldDeclarationSyntax field when builder.MayMatter(field):
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Initializer is not null)
                        {
                            Bind(semanticModel.GetDeclaredSymbol(variable, cancellationToken), field);
                        }
                    }

                    break;
            }
        }

        if (type.ParameterList is not null && builder.MayMatter(type))
        {
            Bind(symbol.InstanceConstructors.FirstOrDefault(c => c.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) == type)), type);
        }

        void RecordProperty(BasePropertyDeclarationSyntax property)
        {
            if (property.AccessorList is { } accessors)
            {
                foreach (var accessor in accessors.Accessors)
                {
                    if (builder.MayMatter(accessor))
                    {
                        Bind(semanticModel.GetDeclaredSymbol(accessor, cancellationToken), accessor);
                    }
                    else if (accessor.AttributeLists.Count > 0 && semanticModel.GetDeclaredSymbol(accessor, cancellationToken) is { } owner && builder.IsSynchronized(owner))
                    {
                        Bind(owner, accessor);
                    }
                }
            }

            var expressionBody = property switch
            {
                PropertyDeclarationSyntax p => p.ExpressionBody,
                IndexerDeclarationSyntax i => i.ExpressionBody,
                _ => null,
            };
            if (expressionBody is not null && builder.MayMatter(expressionBody))
            {
                Bind((semanticModel.GetDeclaredSymbol(property, cancellationToken) as IPropertySymbol)?.GetMethod, expressionBody);
            }

            if (property is PropertyDeclarationSyntax { Initializer: not null } && builder.MayMatter(property))
            {
                Bind(semanticModel.GetDeclaredSymbol(property, cancellationToken), property);
            }
        }

        void Bind(ISymbol? owner, SyntaxNode codeBlock)
        {
            if (owner is not null)
            {
                builder.Bind(owner, codeBlock, semanticModel, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The root operation of every code block in the tree that <paramref name="vocabulary"/> says may touch
    /// concurrency, whatever declares it (a class, struct, record, interface, or the top-level program).
    /// </summary>
    public static IEnumerable<IOperation> ConcurrencyOperationsOf(SyntaxNode root, ConcurrencyVocabulary vocabulary, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (root is CompilationUnitSyntax unit && vocabulary.MayMatter(unit, ownMembers: null))
        {
            foreach (var member in unit.Members)
            {
                if (member is GlobalStatementSyntax global && semanticModel.GetOperation(global.Statement, cancellationToken) is { } statement)
                {
                    yield return statement;
                }
            }
        }

        foreach (var type in TypesOf(root))
        {
            foreach (var member in type.Members)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var codeBlock in ExecutableParts(member))
                {
                    if (vocabulary.MayMatter(codeBlock, ownMembers: null) && semanticModel.GetOperation(codeBlock, cancellationToken) is { } operation)
                    {
                        yield return operation;
                    }
                }
            }

            if (type.ParameterList is not null && vocabulary.MayMatter(type, ownMembers: null) &&
                semanticModel.GetOperation(type, cancellationToken) is { } constructor)
            {
                yield return constructor;
            }
        }
    }

    private static IEnumerable<SyntaxNode> ExecutableParts(MemberDeclarationSyntax member)
    {
        switch (member)
        {
            case BaseMethodDeclarationSyntax method:
                yield return method;
                break;

            case BasePropertyDeclarationSyntax property:
                if (property.AccessorList is { } accessors)
                {
                    foreach (var accessor in accessors.Accessors)
                    {
                        yield return accessor;
                    }
                }

                if (property is PropertyDeclarationSyntax { ExpressionBody: { } propertyBody })
                {
                    yield return propertyBody;
                }
                else if (property is IndexerDeclarationSyntax { ExpressionBody: { } indexerBody })
                {
                    yield return indexerBody;
                }

                if (property is PropertyDeclarationSyntax { Initializer: { } propertyInitializer })
                {
                    yield return propertyInitializer;
                }

                break;

            case BaseFieldDeclarationSyntax field:
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer is { } fieldInitializer)
                    {
                        yield return fieldInitializer;
                    }
                }

                break;
        }
    }
}
