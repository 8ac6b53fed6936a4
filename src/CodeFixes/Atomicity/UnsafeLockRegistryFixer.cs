using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.Analyzers.Atomicity;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// GRD107 fixes: for a registry built with check-then-act, hold the registry's guard across the check and the
/// creation; for a <c>ConcurrentDictionary&lt;TKey, SemaphoreSlim&gt;</c> registry used in the standard
/// get-wait-try-finally-release shape (Guarded.Runtime referenced), rewrite it to <c>SessionLocks&lt;TKey&gt;</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsafeLockRegistryFixer))]
[Shared]
public sealed class UnsafeLockRegistryFixer : CodeFixProvider
{
    private const string WrapInGuardKey = DiagnosticIds.UnsafeLockRegistry + ".WrapInGuard";
    private const string SessionLocksKey = DiagnosticIds.UnsafeLockRegistry + ".SessionLocks";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.UnsafeLockRegistry);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        await GuardWrapFixes.RegisterAsync(
            context,
            WrapInGuardKey,
            CheckThenActOnSharedCollectionFixer.CheckAndActTitle,
            diagnostic => diagnostic.Properties.TryGetValue(UnsafeLockRegistryAnalyzer.DefectProperty, out var defect) && defect == "CheckThenAct").ConfigureAwait(false);

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (SessionLocksRewrite.TryCreate(root, semanticModel, node, context.CancellationToken) is { } rewrite)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Make '{rewrite.FieldName}' a SessionLocks (reference-counted per-key locks)",
                        ct => rewrite.ApplyAsync(context.Document, ct),
                        SessionLocksKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        if (context.CodeActionEquivalenceKey != SessionLocksKey)
        {
            return await GuardWrapFixes.FixAllAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);
        }

        // One rewrite per registry covers every diagnostic on it.
        var root = (await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
        var semanticModel = (await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false))!;
        foreach (var diagnostic in diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (SessionLocksRewrite.TryCreate(root, semanticModel, node, context.CancellationToken) is { } rewrite)
            {
                return await rewrite.ApplyAsync(document, context.CancellationToken).ConfigureAwait(false);
            }
        }

        return document;
    }
}
