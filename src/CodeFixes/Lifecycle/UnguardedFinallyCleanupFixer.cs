using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Guarded.CodeFixes.Lifecycle;

/// <summary>GRD302 fix: take the field's guard inside the <c>finally</c> block, around the cleanup statement (awaiting a semaphore in async code).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnguardedFinallyCleanupFixer))]
[Shared]
public sealed class UnguardedFinallyCleanupFixer : CodeFixProvider
{
    private const string TakeGuardKey = DiagnosticIds.UnguardedFinallyCleanup + ".TakeGuardInFinally";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.UnguardedFinallyCleanup);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        foreach (var diagnostic in context.Diagnostics)
        {
            var plan = await PlanAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (plan is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Take '{plan.Guard.GuardText}' in the finally block", ct => GuardWrapEditor.ApplyAsync(document, new[] { plan }, ct), TakeGuardKey),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var plans = new List<GuardWrapPlan>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (await PlanAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } plan)
            {
                plans.Add(plan);
            }
        }

        return plans.Count == 0 ? document : await GuardWrapEditor.ApplyAsync(document, plans, context.CancellationToken).ConfigureAwait(false);
    }

    private static async Task<GuardWrapPlan?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (semanticModel.GetEnclosingSymbol(node.SpanStart, cancellationToken)?.ContainingType is not { } type ||
            GuardForm.From(diagnostic, type) is not { IsNewGate: false } guard)
        {
            return null;
        }

        if (diagnostic.Hint(GuardProperties.FieldName) is not { } fieldName)
        {
            return null;
        }

        return GuardWrapPlan.Create(root, semanticModel, new List<TextSpan> { diagnostic.Location.SourceSpan }, guard, fieldName, cancellationToken);
    }
}
