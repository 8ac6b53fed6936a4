using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Editing;

/// <summary>A fix that changes a field's type and rewrites every use of it in its type at once.</summary>
internal interface IFieldRewrite
{
    string FieldName { get; }

    Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken);
}

/// <summary>Plans a field rewrite for the diagnostic at <paramref name="node"/>, or returns null when it does not apply.</summary>
internal delegate IFieldRewrite? FieldRewritePlanner(SyntaxNode root, SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken);

/// <summary>The code action and the Fix All of a whole-field rewrite (to a Guarded.Runtime type).</summary>
internal static class FieldRewriteFixes
{
    public static async Task RegisterAsync(CodeFixContext context, string equivalenceKey, Func<IFieldRewrite, string> title, FieldRewritePlanner plan)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (plan(root, semanticModel, node, context.CancellationToken) is { } rewrite)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(title(rewrite), ct => rewrite.ApplyAsync(context.Document, ct), equivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// Fix All: one rewrite covers every diagnostic on its field, so the first diagnostic that still plans a rewrite
    /// is applied and the rest are re-planned on the result, until none applies. The diagnostics' nodes are tracked with
    /// annotations, because each rewrite moves the text of the rest.
    /// </summary>
    public static async Task<Document> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, FieldRewritePlanner plan, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var tracked = diagnostics
            .Where(d => root.FullSpan.Contains(d.Location.SourceSpan))
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => (Node: root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true), Annotation: new SyntaxAnnotation()))
            .ToList();
        document = document.WithSyntaxRoot(root.ReplaceNodes(
            tracked.Select(t => t.Node).Distinct(),
            (original, rewritten) => rewritten.WithAdditionalAnnotations(tracked.Where(t => t.Node == original).Select(t => t.Annotation))));

        var rewritten = ImmutableHashSet<string>.Empty;
        foreach (var (_, annotation) in tracked)
        {
            root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            var semanticModel = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            if (root.GetAnnotatedNodes(annotation).FirstOrDefault() is { } node &&
                plan(root, semanticModel, node, cancellationToken) is { } rewrite &&
                !rewritten.Contains(rewrite.FieldName))
            {
                rewritten = rewritten.Add(rewrite.FieldName);
                document = await rewrite.ApplyAsync(document, cancellationToken).ConfigureAwait(false);
            }
        }

        return document;
    }

    /// <summary>
    /// The Fix All of a fixer that offers whole-field (or whole-block) rewrites beside local fixes: the rewrites whose
    /// equivalence keys are in <paramref name="rewrites"/> go through <see cref="FixAllAsync"/>, one at a time; every
    /// other fix batches as <see cref="WellKnownFixAllProviders.BatchFixer"/> does.
    /// </summary>
    public static FixAllProvider CreateFixAllProvider(IReadOnlyDictionary<string, FieldRewritePlanner> rewrites) => new RewritesOrBatch(rewrites);

    private sealed class RewritesOrBatch : FixAllProvider
    {
        private readonly IReadOnlyDictionary<string, FieldRewritePlanner> _rewrites;
        private readonly FixAllProvider _sequential;

        public RewritesOrBatch(IReadOnlyDictionary<string, FieldRewritePlanner> rewrites)
        {
            _rewrites = rewrites;
            _sequential = Create(async (context, document, diagnostics) =>
                await FixAllAsync(document, diagnostics, _rewrites[context.CodeActionEquivalenceKey!], context.CancellationToken).ConfigureAwait(false));
        }

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext) =>
            fixAllContext.CodeActionEquivalenceKey is { } key && _rewrites.ContainsKey(key)
                ? _sequential.GetFixAsync(fixAllContext)
                : WellKnownFixAllProviders.BatchFixer.GetFixAsync(fixAllContext);
    }
}
