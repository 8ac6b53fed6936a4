using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Editing;

/// <summary>A replacement of one node by an atomic API call (<c>Interlocked</c>, <c>ImmutableInterlocked</c>), with its action title.</summary>
internal sealed class NodeRewrite
{
    public NodeRewrite(SyntaxNode node, SyntaxNode replacement, string title)
    {
        Node = node;
        Replacement = replacement;
        Title = title;
    }

    public SyntaxNode Node { get; }

    public SyntaxNode Replacement { get; }

    public string Title { get; }
}

/// <summary>Plans the atomic-API rewrite for <paramref name="diagnostic"/>, or returns null when it does not apply.</summary>
internal delegate NodeRewrite? NodeRewritePlanner(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken);

/// <summary>
/// The two fixes of a read-modify-write finding: rewrite the update to an atomic API where one fits, or hold the
/// field's guard across the read and the write; and their document-wide Fix All.
/// </summary>
internal static class RewriteOrGuardFixes
{
    public static async Task RegisterAsync(CodeFixContext context, string rewriteKey, NodeRewritePlanner plan, string guardKey)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (plan(root, semanticModel, diagnostic, context.CancellationToken) is { } rewrite)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        rewrite.Title,
                        ct => ImportCleanup.AddImportsAsync(document.WithSyntaxRoot(root.ReplaceNode(rewrite.Node, rewrite.Replacement)), ct),
                        rewriteKey),
                    diagnostic);
            }
        }

        await GuardWrapFixes.RegisterAsync(context, guardKey, ReadAndWriteTitle).ConfigureAwait(false);
    }

    public static async Task<Document> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics, string rewriteKey, NodeRewritePlanner plan)
    {
        if (context.CodeActionEquivalenceKey != rewriteKey)
        {
            return await GuardWrapFixes.FixAllAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);
        }

        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        var rewrites = diagnostics
            .Select(d => plan(root, semanticModel, d, context.CancellationToken))
            .OfType<NodeRewrite>()
            .ToDictionary(r => r.Node, r => r.Replacement);
        var rewritten = document.WithSyntaxRoot(root.ReplaceNodes(rewrites.Keys, (original, _) => rewrites[original]));
        return await ImportCleanup.AddImportsAsync(rewritten, context.CancellationToken).ConfigureAwait(false);
    }

    private static string ReadAndWriteTitle(GuardWrapPlan plan) =>
        plan.Guard.IsNewGate
            ? $"Guard the update with a new lock '{plan.Guard.GuardText}'"
            : $"Hold '{plan.Guard.GuardText}' across the read and the write";
}
