using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.Analyzers.Atomicity;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
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

        await FieldRewriteFixes.RegisterAsync(context, SessionLocksKey, rewrite => $"Make '{rewrite.FieldName}' a SessionLocks (reference-counted per-key locks)", SessionLocksRewrite.TryCreate).ConfigureAwait(false);
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        if (context.CodeActionEquivalenceKey != SessionLocksKey)
        {
            return await GuardWrapFixes.FixAllAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);
        }

        return await FieldRewriteFixes.FixAllAsync(document, diagnostics, SessionLocksRewrite.TryCreate, context.CancellationToken).ConfigureAwait(false);
    }
}
