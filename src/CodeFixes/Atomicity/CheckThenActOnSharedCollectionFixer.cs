using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
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

        await FieldRewriteFixes.RegisterAsync(context, DoubleCheckedCacheKey, rewrite => $"Make '{rewrite.FieldName}' a DoubleCheckedCache (GetOrAdd)", DoubleCheckedCacheRewrite.TryCreate).ConfigureAwait(false);
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        if (context.CodeActionEquivalenceKey != DoubleCheckedCacheKey)
        {
            return await GuardWrapFixes.FixAllAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);
        }

        return await FieldRewriteFixes.FixAllAsync(document, diagnostics, DoubleCheckedCacheRewrite.TryCreate, context.CancellationToken).ConfigureAwait(false);
    }

    internal static string CheckAndActTitle(GuardWrapPlan plan) =>
        plan.Guard.IsNewGate
            ? $"Guard the check and the act with a new lock '{plan.Guard.GuardText}'"
            : $"Hold '{plan.Guard.GuardText}' across the check and the act";
}
