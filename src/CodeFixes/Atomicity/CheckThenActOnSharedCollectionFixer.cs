using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// GRD101 fixes: hold the field's guard across the check and the act (the guard used elsewhere, else a new private
/// gate); or, for a get-or-create dictionary when Guarded.Runtime is referenced, make the field a
/// <c>DoubleCheckedCache&lt;TKey, TValue&gt;</c> and rewrite every use.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CheckThenActOnSharedCollectionFixer))]
[Shared]
public sealed class CheckThenActOnSharedCollectionFixer : CodeFixProvider
{
    private const string WrapInGuardKey = DiagnosticIds.CheckThenActOnSharedCollection + ".WrapInGuard";
    private const string DoubleCheckedCacheKey = DiagnosticIds.CheckThenActOnSharedCollection + ".DoubleCheckedCache";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CheckThenActOnSharedCollection);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        await GuardWrapFixes.RegisterAsync(context, WrapInGuardKey, CheckAndActTitle).ConfigureAwait(false);

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var check = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (DoubleCheckedCacheRewrite.TryCreate(root, semanticModel, check, context.CancellationToken) is { } rewrite)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Make '{rewrite.FieldName}' a DoubleCheckedCache (GetOrAdd)",
                        ct => rewrite.ApplyAsync(context.Document, ct),
                        DoubleCheckedCacheKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        if (context.CodeActionEquivalenceKey != DoubleCheckedCacheKey)
        {
            return await GuardWrapFixes.FixAllAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);
        }

        // One rewrite per field covers every diagnostic on it: apply the first that still applies, then re-plan.
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var root = (await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
            var semanticModel = (await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false))!;
            var check = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (root.FullSpan.Contains(diagnostic.Location.SourceSpan) &&
                DoubleCheckedCacheRewrite.TryCreate(root, semanticModel, check, context.CancellationToken) is { } rewrite)
            {
                return await rewrite.ApplyAsync(document, context.CancellationToken).ConfigureAwait(false);
            }
        }

        return document;
    }

    internal static string CheckAndActTitle(GuardWrapPlan plan) =>
        plan.Guard.IsNewGate
            ? $"Guard the check and the act with a new lock '{plan.Guard.GuardText}'"
            : $"Hold '{plan.Guard.GuardText}' across the check and the act";
}
