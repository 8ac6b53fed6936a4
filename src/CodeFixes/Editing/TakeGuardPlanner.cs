using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Guarded.CodeFixes.Editing;

/// <summary>
/// Plans "take the guard around the access" for the guarding rules: the guard from the diagnostic's properties,
/// wrapped around the reported access and its related findings (<see cref="GuardingProperties.RelatedSpans"/>)
/// when one region can hold them all, else around the reported access alone.
/// </summary>
internal static class TakeGuardPlanner
{
    public static async Task<GuardWrapPlan?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is null || semanticModel is null || SpansOf(diagnostic, root) is not { } spans
            ? null
            : Plan(root, semanticModel, diagnostic, spans, cancellationToken);
    }

    /// <summary>
    /// Registers the "take the guard" action of every diagnostic of <paramref name="context"/> that has a plan, giving an
    /// expression-bodied member a block body when the access is in one.
    /// </summary>
    public static async Task RegisterAsync(CodeFixContext context, string equivalenceKey, Func<GuardWrapPlan, string> title)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await PlanAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } plan)
            {
                context.RegisterCodeFix(CodeAction.Create(title(plan), ct => GuardWrapEditor.ApplyAsync(document, new[] { plan }, ct), equivalenceKey), diagnostic);
            }
            else if (ExpressionBodies.MemberAt(root, diagnostic.Location.SourceSpan) is not null)
            {
                var (edited, plans) = await ExpressionBodies.PlanWrapsAsync(document, new[] { diagnostic }, SpansOf, Plan, context.CancellationToken).ConfigureAwait(false);
                if (plans.Count == 1)
                {
                    context.RegisterCodeFix(CodeAction.Create(title(plans[0]), ct => GuardWrapEditor.ApplyAsync(edited, plans, ct), equivalenceKey), diagnostic);
                }
            }
        }
    }

    /// <summary>Fix All: every diagnostic of the document that has a plan, in one edit (expression bodies made blocks first).</summary>
    public static async Task<Document?> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var ordered = diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        if (ordered.Any(d => ExpressionBodies.MemberAt(root, d.Location.SourceSpan) is not null))
        {
            var (edited, wraps) = await ExpressionBodies.PlanWrapsAsync(document, ordered, SpansOf, Plan, cancellationToken).ConfigureAwait(false);
            return wraps.Count == 0 ? document : await GuardWrapEditor.ApplyAsync(edited, wraps, cancellationToken).ConfigureAwait(false);
        }

        var plans = new List<GuardWrapPlan>();
        foreach (var diagnostic in ordered)
        {
            if (await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                plans.Add(plan);
            }
        }

        return plans.Count == 0 ? document : await GuardWrapEditor.ApplyAsync(document, plans, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reported access and its related findings (<see cref="GuardingProperties.RelatedSpans"/>), or null when the diagnostic names no guard.</summary>
    private static IReadOnlyList<TextSpan>? SpansOf(Diagnostic diagnostic, SyntaxNode root)
    {
        if (!diagnostic.Properties.ContainsKey(GuardProperties.GuardKind) || !diagnostic.Properties.ContainsKey(GuardProperties.FieldName) ||
            !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
        {
            return null;
        }

        var spans = new List<TextSpan> { diagnostic.Location.SourceSpan };
        spans.AddRange(DecodeSpans(diagnostic.Properties.TryGetValue(GuardingProperties.RelatedSpans, out var related) ? related : null, root.FullSpan));
        return spans;
    }

    /// <summary>The wrap around every span when one region can hold them all, else around the reported access (the first span) alone.</summary>
    private static GuardWrapPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, IReadOnlyList<TextSpan> spans, CancellationToken cancellationToken)
    {
        if (semanticModel.GetEnclosingSymbol(spans[0].Start, cancellationToken)?.ContainingType is not { } type ||
            GuardForm.From(diagnostic, type) is not { } guard)
        {
            return null;
        }

        var name = diagnostic.Properties[GuardProperties.FieldName]!;
        return GuardWrapPlan.Create(root, semanticModel, spans, guard, name, cancellationToken) ??
            (spans.Count > 1 ? GuardWrapPlan.Create(root, semanticModel, new[] { spans[0] }, guard, name, cancellationToken) : null);
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
