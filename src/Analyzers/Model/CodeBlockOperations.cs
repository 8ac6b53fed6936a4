using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>
/// The operation tree of a code block, bound on demand: what an operation block action would have been handed, for
/// the blocks a rule decides are worth binding.
/// </summary>
internal static class CodeBlockOperations
{
    /// <summary>
    /// Calls <paramref name="action"/> for every invocation, lambdas and local functions included, in the code blocks
    /// that <paramref name="vocabulary"/> says may touch concurrency; other blocks are never bound.
    /// </summary>
    public static void RegisterInvocationAction(
        CompilationStartAnalysisContext compilationStart,
        ConcurrencyVocabulary vocabulary,
        Action<IInvocationOperation, RuleContext> action) =>
        RegisterOperationAction(compilationStart, vocabulary, (operation, context) =>
        {
            if (operation is IInvocationOperation invocation)
            {
                action(invocation, context);
            }
        });

    /// <summary>
    /// Calls <paramref name="action"/> for every operation, lambdas and local functions included, in the code blocks
    /// that <paramref name="vocabulary"/> says may touch concurrency: for rules that also judge what is not a call
    /// (a property read such as <c>task.Result</c>). Other blocks are never bound.
    /// </summary>
    public static void RegisterOperationAction(
        CompilationStartAnalysisContext compilationStart,
        ConcurrencyVocabulary vocabulary,
        Action<IOperation, RuleContext> action)
    {
        compilationStart.RegisterCodeBlockAction(codeBlock =>
        {
            if (!vocabulary.MayMatter(codeBlock.CodeBlock, ownMembers: null))
            {
                return;
            }

            var context = new RuleContext(codeBlock.ReportDiagnostic, codeBlock.CancellationToken);
            foreach (var block in Of(codeBlock))
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    action(operation, context);
                }
            }
        });
    }

    /// <summary>
    /// The operations of <paramref name="context"/>'s code block: the body of a method, accessor, constructor (with its
    /// initializer) or top-level program, or the initializer of the field, property or event that owns the block.
    /// Parameter default values and enum member values are constants and are left out.
    /// </summary>
    public static ImmutableArray<IOperation> Of(CodeBlockAnalysisContext context) =>
        Of(context.CodeBlock, context.OwningSymbol, context.SemanticModel, context.CancellationToken);

    /// <inheritdoc cref="Of(CodeBlockAnalysisContext)"/>
    public static ImmutableArray<IOperation> Of(SyntaxNode codeBlock, ISymbol owner, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var initializer = codeBlock switch
        {
            BaseFieldDeclarationSyntax field => InitializerOf(field, owner),
            PropertyDeclarationSyntax property => property.Initializer,
            EnumMemberDeclarationSyntax => null,
            _ => codeBlock,
        };

        return initializer is not null && semanticModel.GetOperation(initializer, cancellationToken) is { } operation
            ? ImmutableArray.Create(operation)
            : ImmutableArray<IOperation>.Empty;
    }

    private static SyntaxNode? InitializerOf(BaseFieldDeclarationSyntax field, ISymbol owner)
    {
        foreach (var variable in field.Declaration.Variables)
        {
            if (variable.Identifier.ValueText == owner.Name)
            {
                return variable.Initializer;
            }
        }

        return null;
    }
}
