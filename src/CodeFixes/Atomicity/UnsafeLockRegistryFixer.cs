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
/// GRD107 fixes: for a <c>ConcurrentDictionary</c> or <c>Dictionary</c> of <c>SemaphoreSlim</c> whose every use is a
/// recognised registry shape (acquire/try/finally-release, a lock-getter helper, removal, a sweeper, Dispose; see
/// <see cref="SessionLocksRewrite"/>) and Guarded.Runtime referenced, rewrite it to <c>SessionLocks&lt;TKey&gt;</c>
/// (offered first); for a registry built with check-then-act, hold the registry's guard across the check and the creation.
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
        // SessionLocks first: where it applies it removes both defects (creation race and removal of a held lock), while
        // the guard only closes the creation race. It is this rule's fix of choice (docs/rules/GRD107.md).
        await FieldRewriteFixes.RegisterAsync(context, SessionLocksKey, rewrite => $"Make '{rewrite.FieldName}' a SessionLocks (reference-counted per-key locks)", SessionLocksRewrite.TryCreate).ConfigureAwait(false);

        await GuardWrapFixes.RegisterAsync(
            context,
            WrapInGuardKey,
            CheckThenActOnSharedCollectionFixer.CheckAndActTitle,
            diagnostic => diagnostic.Properties.TryGetValue(UnsafeLockRegistryAnalyzer.DefectProperty, out var defect) && defect == "CheckThenAct").ConfigureAwait(false);
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
