using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Guarded.Analyzers;
using Guarded.Analyzers.Lifecycle;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Lifecycle;

/// <summary>
/// GRD301 fix: moves the late flag assignment to directly after the guard that tests it (inside the same guard
/// region), keeping the <c>finally</c> block's other statements; a <c>try</c> left with nothing to do is unwrapped.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LateStateFlagResetFixer))]
[Shared]
public sealed class LateStateFlagResetFixer : AnnotatedEditFixer
{
    private const string EquivalenceKey = DiagnosticIds.LateStateFlagReset + ".SetAfterCheck";

    /// <summary>Marks the assignments this fix has moved, so later moves after the same guard keep source order.</summary>
    private const string MovedKind = "Guarded.MovedFlag";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.LateStateFlagReset);

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count == 0 ||
            !diagnostic.Properties.TryGetValue(LateStateFlagResetAnalyzer.ConstantValueProperty, out var constant) || constant != "true" ||
            (diagnostic.Properties.TryGetValue(LateStateFlagResetAnalyzer.PublishesStateProperty, out var publishes) && publishes == "true") ||
            !diagnostic.Properties.TryGetValue(LateStateFlagResetAnalyzer.GuardShapeProperty, out var shape) ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax assignment ||
            assignment.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax } statement)
        {
            return null;
        }

        var condition = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
        var guard = condition.AncestorsAndSelf().OfType<IfStatementSyntax>().FirstOrDefault(i => i.Condition.Span.Contains(condition.Span));
        if (guard is null ||
            (shape == "EarlyExit" && guard.Parent is not BlockSyntax) ||
            (shape == "Wrapped" && guard.Statement is not BlockSyntax))
        {
            return null;
        }

        var edit = new AnnotatedEdit();
        var statementMark = edit.Mark(statement);
        var guardMark = edit.Mark(guard);
        edit.Apply = current => Rewrite(current, statementMark, guardMark, shape == "Wrapped");
        return new FixPlan($"Set '{assignment}' directly after the check", EquivalenceKey, edit);
    }

    private static SyntaxNode? Rewrite(SyntaxNode root, SyntaxAnnotation statementMark, SyntaxAnnotation guardMark, bool wrapped)
    {
        var statement = AnnotatedEdit.Find<ExpressionStatementSyntax>(root, statementMark);
        if (statement?.Parent is not BlockSyntax)
        {
            return null;
        }

        var moved = statement
            .WithLeadingTrivia(TriviaList(statement.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.EndOfLineTrivia) && !t.IsKind(SyntaxKind.WhitespaceTrivia))))
            .WithAdditionalAnnotations(Formatter.Annotation, new SyntaxAnnotation(MovedKind));

        // First take the assignment out of its finally block (or from after the await).
        root = Remove(root, statement);

        var guard = AnnotatedEdit.Find<IfStatementSyntax>(root, guardMark);
        if (guard is null)
        {
            return null;
        }

        if (wrapped)
        {
            if (guard.Statement is not BlockSyntax body)
            {
                return null;
            }

            var index = 0;
            while (index < body.Statements.Count && body.Statements[index].HasAnnotations(MovedKind))
            {
                index++;
            }

            return root.ReplaceNode(body, body.WithStatements(body.Statements.Insert(index, moved)));
        }

        if (guard.Parent is not BlockSyntax block)
        {
            return null;
        }

        var after = block.Statements.IndexOf(guard) + 1;
        while (after < block.Statements.Count && block.Statements[after].HasAnnotations(MovedKind))
        {
            after++;
        }

        if (after == block.Statements.IndexOf(guard) + 1)
        {
            // A blank line between the guard and the assignment, as after any block.
            var endOfLine = guard.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            moved = moved.WithLeadingTrivia(moved.GetLeadingTrivia().Insert(0, endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : EndOfLine("\n")));
        }

        return root.ReplaceNode(block, block.WithStatements(block.Statements.Insert(after, moved)));
    }

    /// <summary>Removes <paramref name="statement"/>; a <c>finally</c> left empty is dropped, and a <c>try</c> left with neither catch nor finally is unwrapped.</summary>
    private static SyntaxNode Remove(SyntaxNode root, ExpressionStatementSyntax statement)
    {
        var block = (BlockSyntax)statement.Parent!;
        var remaining = block.Statements.Remove(statement);
        if (remaining.Count == 0 && block.Parent is LockStatementSyntax emptiedLock)
        {
            // A lock that only guarded the late assignment has nothing left to guard.
            return AnnotatedEdit.ReplaceStatement(root, emptiedLock, System.Array.Empty<StatementSyntax>());
        }

        if (remaining.Count > 0 || block.Parent is not FinallyClauseSyntax { Parent: TryStatementSyntax tryStatement })
        {
            return root.ReplaceNode(block, block.WithStatements(remaining));
        }

        if (tryStatement.Catches.Count > 0)
        {
            return root.ReplaceNode(tryStatement, tryStatement.WithFinally(null).WithAdditionalAnnotations(Formatter.Annotation));
        }

        var unwrapped = tryStatement.Block.Statements
            .Select((s, i) => (i == 0 ? s.WithLeadingTrivia(tryStatement.GetLeadingTrivia().AddRange(s.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia)))) : s)
                .WithAdditionalAnnotations(Formatter.Annotation))
            .ToList();
        if (unwrapped.Count > 0)
        {
            unwrapped[unwrapped.Count - 1] = unwrapped[unwrapped.Count - 1].WithTrailingTrivia(tryStatement.GetTrailingTrivia());
        }

        return AnnotatedEdit.ReplaceStatement(root, tryStatement, unwrapped);
    }
}
