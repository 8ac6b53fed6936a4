using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
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
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        foreach (var diagnostic in context.Diagnostics)
        {
            var plan = await TakeGuardPlanner.PlanAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (plan is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Take '{plan.Guard.GuardText}' around the access to '{plan.FieldName}'",
                    ct => GuardWrapEditor.ApplyAsync(document, new[] { plan }, ct),
                    TakeGuardKey),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var plans = new List<GuardWrapPlan>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (await TakeGuardPlanner.PlanAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } plan)
            {
                plans.Add(plan);
            }
        }

        return plans.Count == 0 ? document : await GuardWrapEditor.ApplyAsync(document, plans, context.CancellationToken).ConfigureAwait(false);
    }
}
