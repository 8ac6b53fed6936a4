using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Editing;

/// <summary>
/// The recipe of fixers whose edits are planned per diagnostic on the original tree and applied through
/// <see cref="AnnotatedEdit"/>: one code action per diagnostic, and a document-based Fix All that applies every plan
/// of a document in one pass.
/// </summary>
public abstract class AnnotatedEditFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        if (FieldRewrite is { } rewrite)
        {
            await FieldRewriteFixes.RegisterAsync(context, rewrite.EquivalenceKey, rewrite.Title, rewrite.Planner).ConfigureAwait(false);
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, semanticModel, diagnostic, context.CancellationToken) is not { } plan)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    plan.Title,
                    _ => Task.FromResult(document.WithSyntaxRoot(AnnotatedEdit.ApplyAll(root, new[] { plan.Edit }))),
                    plan.EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>Plans the fix of <paramref name="diagnostic"/>, or returns null when the code does not have a shape the fix handles.</summary>
    private protected abstract FixPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>
    /// A whole-field rewrite (to a Guarded.Runtime type) this fixer offers before its own fixes, or null; its Fix All
    /// rewrites one field at a time (see <see cref="FieldRewriteFixes.FixAllAsync"/>).
    /// </summary>
    private protected virtual (string EquivalenceKey, System.Func<IFieldRewrite, string> Title, FieldRewritePlanner Planner)? FieldRewrite => null;

    private async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        if (FieldRewrite is { } rewrite && context.CodeActionEquivalenceKey == rewrite.EquivalenceKey)
        {
            return await FieldRewriteFixes.FixAllAsync(document, diagnostics, rewrite.Planner, context.CancellationToken).ConfigureAwait(false);
        }

        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        var edits = new List<AnnotatedEdit>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (Plan(root, semanticModel, diagnostic, context.CancellationToken) is { } plan &&
                (context.CodeActionEquivalenceKey is null || plan.EquivalenceKey == context.CodeActionEquivalenceKey))
            {
                edits.Add(plan.Edit);
            }
        }

        return edits.Count == 0 ? document : document.WithSyntaxRoot(AnnotatedEdit.ApplyAll(root, edits));
    }

    /// <summary>A planned fix: its title, its equivalence key and the edit.</summary>
    private protected sealed class FixPlan
    {
        public FixPlan(string title, string equivalenceKey, AnnotatedEdit edit)
        {
            Title = title;
            EquivalenceKey = equivalenceKey;
            Edit = edit;
        }

        public string Title { get; }

        public string EquivalenceKey { get; }

        public AnnotatedEdit Edit { get; }
    }
}
