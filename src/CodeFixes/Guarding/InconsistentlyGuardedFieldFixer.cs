using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Guarding;

/// <summary>
/// GRD201 fix: take the guard that protects the field's writes around the unguarded access, in the form that guard
/// is taken there (<c>lock</c>, semaphore wait/try/finally, a read or write section). The other unguarded accesses
/// of the field in the same body are guarded together with it when one region can hold them all.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InconsistentlyGuardedFieldFixer))]
[Shared]
public sealed class InconsistentlyGuardedFieldFixer : CodeFixProvider
{
    private const string TakeGuardKey = DiagnosticIds.InconsistentlyGuardedField + ".TakeGuard";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.InconsistentlyGuardedField);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        TakeGuardPlanner.RegisterAsync(context, TakeGuardKey, plan => $"Take '{plan.Guard.GuardText}' around the access to '{plan.FieldName}'");

    private static Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        TakeGuardPlanner.FixAllAsync(document, diagnostics, context.CancellationToken);
}
