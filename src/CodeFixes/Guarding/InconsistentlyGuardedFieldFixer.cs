using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

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
            var plan = await PlanAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false);
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
        if (root is null || semanticModel is null || !diagnostic.Properties.ContainsKey(GuardProperties.GuardKind))
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (semanticModel.GetEnclosingSymbol(node.SpanStart, cancellationToken)?.ContainingType is not { } type ||
            GuardForm.From(diagnostic, type) is not { } guard)
        {
            return null;
        }

        var fieldName = diagnostic.Properties[GuardProperties.FieldName]!;
        var spans = new List<TextSpan> { diagnostic.Location.SourceSpan };
        spans.AddRange(DecodeSpans(diagnostic.Properties.TryGetValue(GuardingProperties.RelatedSpans, out var related) ? related : null, root.FullSpan));
        return GuardWrapPlan.Create(root, semanticModel, spans, guard, fieldName, cancellationToken) ??
            (spans.Count > 1 ? GuardWrapPlan.Create(root, semanticModel, new[] { diagnostic.Location.SourceSpan }, guard, fieldName, cancellationToken) : null);
    }

    private static IEnumerable<TextSpan> DecodeSpans(string? text, TextSpan bounds)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        foreach (var part in text!.Split(';'))
        {
            var pieces = part.Split(':');
            if (pieces.Length == 2 &&
                int.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) &&
                int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length) &&
                start + length <= bounds.End)
            {
                yield return new TextSpan(start, length);
            }
        }
    }
}
