using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Guarding;

/// <summary>
/// GRD203 fix: take the declared guard around the access or call, in the form the guard's type needs (<c>lock</c>
/// for an object or <c>System.Threading.Lock</c>, semaphore wait/try/finally, a read or write section). The other
/// findings for the same guard in the same body are guarded together with it when one region can hold them all.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AnnotatedGuardNotHeldFixer))]
[Shared]
public sealed class AnnotatedGuardNotHeldFixer : CodeFixProvider
{
    private const string TakeGuardKey = DiagnosticIds.AnnotatedGuardNotHeld + ".TakeGuard";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.AnnotatedGuardNotHeld);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        TakeGuardPlanner.RegisterAsync(context, TakeGuardKey, plan => $"Take '{plan.Guard.GuardText}' around the use of '{plan.FieldName}'");

    private static Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        TakeGuardPlanner.FixAllAsync(document, diagnostics, context.CancellationToken);
}
