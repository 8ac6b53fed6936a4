using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// GRD105 fixes: an <c>Interlocked</c> call for integer counters (<c>_n++</c>, <c>_n -= k</c>, <c>_n = _n + k</c>),
/// the field's guard held across the read and the write (and the check before it), or, with Guarded.Runtime referenced,
/// the field moved to a <c>VersionedLedger</c> whose decisions validate and update in one step.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonAtomicReadModifyWriteFixer))]
[Shared]
public sealed class NonAtomicReadModifyWriteFixer : CodeFixProvider
{
    private const string InterlockedKey = DiagnosticIds.NonAtomicReadModifyWrite + ".Interlocked";
    private const string GuardKey = DiagnosticIds.NonAtomicReadModifyWrite + ".Guard";
    private const string VersionedLedgerKey = DiagnosticIds.NonAtomicReadModifyWrite + ".VersionedLedger";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.NonAtomicReadModifyWrite);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        await RewriteOrGuardFixes.RegisterAsync(context, InterlockedKey, InterlockedReplacement, GuardKey).ConfigureAwait(false);
        await FieldRewriteFixes.RegisterAsync(context, VersionedLedgerKey, rewrite => $"Move '{rewrite.FieldName}' to a VersionedLedger (atomic, validated updates)", VersionedLedgerRewrite.TryCreate).ConfigureAwait(false);
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        context.CodeActionEquivalenceKey == VersionedLedgerKey
            ? await FieldRewriteFixes.FixAllAsync(document, diagnostics, VersionedLedgerRewrite.TryCreate, context.CancellationToken).ConfigureAwait(false)
            : await RewriteOrGuardFixes.FixAllAsync(context, document, diagnostics, InterlockedKey, InterlockedReplacement).ConfigureAwait(false);

    private static NodeRewrite? InterlockedReplacement(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        // A validated update (check, then write) needs the check inside the same atomic step: no single Interlocked call does that.
        diagnostic.Hint(GuardProperties.ActCount) != "0" ? null : InterlockedRewrite.Plan(root, semanticModel, diagnostic, cancellationToken);
}
