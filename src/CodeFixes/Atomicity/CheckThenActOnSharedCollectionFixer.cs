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

namespace Guarded.CodeFixes.Atomicity;

/// <summary>GRD101 fix: hold the field's guard across the check and the act (the guard used elsewhere, else a new private gate).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CheckThenActOnSharedCollectionFixer))]
[Shared]
public sealed class CheckThenActOnSharedCollectionFixer : CodeFixProvider
{
    private const string WrapInGuardKey = DiagnosticIds.CheckThenActOnSharedCollection + ".WrapInGuard";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CheckThenActOnSharedCollection);

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

            var title = plan.Guard.IsNewGate
                ? $"Guard the check and the act with a new lock '{plan.Guard.GuardText}'"
                : $"Hold '{plan.Guard.GuardText}' across the check and the act";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => GuardWrapEditor.ApplyAsync(document, new[] { plan }, ct), WrapInGuardKey),
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

        var checkNode = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (semanticModel.GetEnclosingSymbol(checkNode.SpanStart, cancellationToken)?.ContainingType is not { } type)
        {
            return null;
        }

        var guard = GuardForm.From(diagnostic, type);
        if (guard is null || !diagnostic.Properties.TryGetValue(GuardProperties.ActCount, out var actCountText) || !int.TryParse(actCountText, out var actCount))
        {
            return null;
        }

        var spans = new List<TextSpan> { diagnostic.Location.SourceSpan };
        spans.AddRange(diagnostic.AdditionalLocations.Take(actCount).Where(l => l.SourceTree == diagnostic.Location.SourceTree).Select(l => l.SourceSpan));
        var fieldName = diagnostic.Properties[GuardProperties.FieldName]!;
        return GuardWrapPlan.Create(root, semanticModel, spans, guard, fieldName, cancellationToken);
    }
}
