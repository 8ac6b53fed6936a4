using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Lifecycle;

/// <summary>
/// GRD303 fix: the statements from after the acquire to the release go into a <c>try</c> whose <c>finally</c> holds
/// the release; a one-argument <c>Monitor.Enter</c> with no <c>await</c> in between becomes a <c>lock</c> statement.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReleaseOutsideFinallyFixer))]
[Shared]
public sealed class ReleaseOutsideFinallyFixer : AnnotatedEditFixer
{
    private const string EquivalenceKey = DiagnosticIds.ReleaseOutsideFinally + ".ReleaseInFinally";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.ReleaseOutsideFinally);

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count == 0 ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax release ||
            release.Parent is not ExpressionStatementSyntax releaseStatement ||
            releaseStatement.Parent is not BlockSyntax block ||
            root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax acquire)
        {
            return null;
        }

        var acquireStatement = acquire.Ancestors().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent == block);
        if (acquireStatement is null)
        {
            return null;
        }

        var first = block.Statements.IndexOf(acquireStatement);
        var last = block.Statements.IndexOf(releaseStatement);
        if (first < 0 || last <= first)
        {
            return null;
        }

        var between = block.Statements.Skip(first + 1).Take(last - first - 1).ToList();
        var releaseText = release.ToString();
        if (between.Any(s => s.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => i.ToString() == releaseText)) ||
            DeclaresLocalUsedLater(block, between, last, semanticModel, cancellationToken))
        {
            return null;
        }

        var useLock = diagnostic.Properties.TryGetValue(GuardProperties.GuardKind, out var kind) && kind == "Monitor" &&
            acquireStatement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } enter } &&
            enter == acquire &&
            semanticModel.GetSymbolInfo(acquire, cancellationToken).Symbol is IMethodSymbol { Name: "Enter" } &&
            !between.Any(AnnotatedEdit.ContainsAwait);

        var edit = new AnnotatedEdit();
        var acquireMark = edit.Mark(acquireStatement);
        var releaseMark = edit.Mark(releaseStatement);
        edit.Apply = current => Rewrite(current, acquireMark, releaseMark, useLock);

        var guardText = useLock ? ((InvocationExpressionSyntax)((ExpressionStatementSyntax)acquireStatement).Expression).ArgumentList.Arguments[0].Expression.ToString() : null;
        var title = useLock ? $"Use 'lock ({guardText})' instead of Monitor.Enter/Exit" : $"Move '{releaseText}' into a finally block";
        return new FixPlan(title, EquivalenceKey, edit);
    }

    private static SyntaxNode? Rewrite(SyntaxNode root, SyntaxAnnotation acquireMark, SyntaxAnnotation releaseMark, bool useLock)
    {
        var acquireStatement = AnnotatedEdit.Find<StatementSyntax>(root, acquireMark);
        var releaseStatement = AnnotatedEdit.Find<StatementSyntax>(root, releaseMark);
        if (acquireStatement?.Parent is not BlockSyntax block || releaseStatement?.Parent != block)
        {
            return null;
        }

        var first = block.Statements.IndexOf(acquireStatement);
        var last = block.Statements.IndexOf(releaseStatement);
        if (last <= first)
        {
            return null;
        }

        var between = block.Statements.Skip(first + 1).Take(last - first - 1).ToList();

        var body = Block(between.Select((s, i) => i == 0 ? s.WithLeadingTrivia(WithoutLeadingBlankLines(s.GetLeadingTrivia())) : s));
        StatementSyntax wrapped;
        var replacement = new List<StatementSyntax>();
        if (useLock)
        {
            var enter = (InvocationExpressionSyntax)((ExpressionStatementSyntax)acquireStatement).Expression;
            wrapped = LockStatement(enter.ArgumentList.Arguments[0].Expression.WithoutTrivia(), body)
                .WithLeadingTrivia(acquireStatement.GetLeadingTrivia());
        }
        else
        {
            replacement.Add(acquireStatement);
            var finallyBlock = Block(releaseStatement.WithLeadingTrivia(WithoutLeadingBlankLines(releaseStatement.GetLeadingTrivia())));
            wrapped = TryStatement(body, default, FinallyClause(finallyBlock));
            if (between.Count > 0)
            {
                wrapped = wrapped.WithLeadingTrivia(LeadingBlankLines(between[0].GetLeadingTrivia()));
            }
        }

        var trailing = releaseStatement.GetTrailingTrivia();
        if (last + 1 < block.Statements.Count && !block.Statements[last + 1].GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            // A blank line after the closing brace, as the rest of the code base writes it.
            var endOfLine = trailing.FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            trailing = trailing.Add(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : EndOfLine("\n"));
        }

        replacement.Add(wrapped.WithTrailingTrivia(trailing).WithAdditionalAnnotations(Formatter.Annotation));
        var statements = block.Statements.ToList();
        statements.RemoveRange(first, last - first + 1);
        statements.InsertRange(first, replacement);
        return root.ReplaceNode(block, block.WithStatements(List(statements)));
    }

    private static SyntaxTriviaList WithoutLeadingBlankLines(SyntaxTriviaList trivia) =>
        TriviaList(trivia.SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia)));

    private static SyntaxTriviaList LeadingBlankLines(SyntaxTriviaList trivia) =>
        TriviaList(trivia.TakeWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia)).Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));

    /// <summary>Whether a statement in <paramref name="between"/> declares a local that a statement after the release uses (a try block would scope it away).</summary>
    private static bool DeclaresLocalUsedLater(BlockSyntax block, List<StatementSyntax> between, int releaseIndex, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var declared = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var statement in between)
        {
            foreach (var node in statement.DescendantNodesAndSelf(descendIntoChildren: n => n == statement || n is not (BlockSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is VariableDeclaratorSyntax or SingleVariableDesignationSyntax &&
                    semanticModel.GetDeclaredSymbol(node, cancellationToken) is ILocalSymbol local)
                {
                    declared.Add(local);
                }
            }
        }

        if (declared.Count == 0)
        {
            return false;
        }

        return block.Statements.Skip(releaseIndex + 1)
            .SelectMany(s => s.DescendantNodes().OfType<IdentifierNameSyntax>())
            .Any(identifier => semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local && declared.Contains(local));
    }
}
