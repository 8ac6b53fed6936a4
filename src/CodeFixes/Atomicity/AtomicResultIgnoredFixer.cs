using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Guarded.Analyzers;
using Guarded.Analyzers.Atomicity;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// GRD108 fix: <c>Interlocked.Increment(ref _next); return _next;</c> becomes <c>return Interlocked.Increment(ref _next);</c>
/// (also <c>Decrement</c> and <c>Add</c>, which return the new value). Other shapes get no fix: whether the caller
/// wanted the value before or after the update is theirs to say.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AtomicResultIgnoredFixer))]
[Shared]
public sealed class AtomicResultIgnoredFixer : AnnotatedEditFixer
{
    private const string EquivalenceKey = DiagnosticIds.AtomicResultIgnored + ".ReturnTheResult";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.AtomicResultIgnored);

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Hint(AtomicResultIgnoredAnalyzer.ReturnsRightAfterProperty) != "true" ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax update ||
            update.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement ||
            block.Statements.IndexOf(statement) is var index && (index < 0 || index + 1 >= block.Statements.Count) ||
            block.Statements[index + 1] is not ReturnStatementSyntax { Expression: not null } returned ||
            block.HasErrors(semanticModel, cancellationToken))
        {
            return null;
        }

        var edit = new AnnotatedEdit();
        var updateMark = edit.Mark(statement);
        var returnMark = edit.Mark(returned);
        edit.Apply = current =>
        {
            if (AnnotatedEdit.Find<ExpressionStatementSyntax>(current, updateMark) is not { Expression: InvocationExpressionSyntax call } updateStatement ||
                AnnotatedEdit.Find<ReturnStatementSyntax>(current, returnMark) is not { } returnStatement)
            {
                return null;
            }

            var combined = returnStatement
                .WithExpression(call.WithoutTrivia())
                .WithLeadingTrivia(updateStatement.GetLeadingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            current = current.ReplaceNode(returnStatement, combined);
            var stale = AnnotatedEdit.Find<ExpressionStatementSyntax>(current, updateMark);
            return stale is null ? null : AnnotatedEdit.ReplaceStatement(current, stale, System.Array.Empty<StatementSyntax>());
        };

        return new FixPlan($"Return the value '{update}' returns", EquivalenceKey, edit);
    }
}
