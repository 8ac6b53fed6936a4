using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Editing;

/// <summary>The "take the guard" code action every guard-wrapping fixer offers, and its document-wide Fix All.</summary>
internal static class GuardWrapFixes
{
    /// <summary>Registers a guard-wrap action for each diagnostic of <paramref name="context"/> that <paramref name="applies"/> to and that can be wrapped safely.</summary>
    public static Task RegisterAsync(
        CodeFixContext context,
        string equivalenceKey,
        Func<GuardWrapPlan, string> title,
        Func<Diagnostic, bool>? applies = null) =>
        RegisterAsync(context, equivalenceKey, title, applies, SpansOf, GuardWrapPlan.FromDiagnostic);

    /// <summary>
    /// The same with the spans each wrap must cover and the planner given: a diagnostic in an expression-bodied member
    /// is planned on a copy of the document where that member has a block body.
    /// </summary>
    public static async Task RegisterAsync(
        CodeFixContext context,
        string equivalenceKey,
        Func<GuardWrapPlan, string> title,
        Func<Diagnostic, bool>? applies,
        ExpressionBodies.SpansOf spansOf,
        ExpressionBodies.WrapPlanner planner)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (applies is not null && !applies(diagnostic))
            {
                continue;
            }

            if (Plan(root, semanticModel, diagnostic, spansOf, planner, context.CancellationToken) is { } plan)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(title(plan), ct => GuardWrapEditor.ApplyAsync(document, new[] { plan }, ct), equivalenceKey),
                    diagnostic);
            }
            else if (ExpressionBodies.MemberAt(root, diagnostic.Location.SourceSpan) is not null)
            {
                var (edited, plans) = await ExpressionBodies.PlanWrapsAsync(document, new[] { diagnostic }, spansOf, planner, context.CancellationToken).ConfigureAwait(false);
                if (plans.Count == 1)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title(plans[0]), ct => GuardWrapEditor.ApplyAsync(edited, plans, ct), equivalenceKey),
                        diagnostic);
                }
            }
        }
    }

    /// <summary>Fix All for guard wraps: every wrappable diagnostic of the document, merged where they share a block.</summary>
    public static Task<Document> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        FixAllAsync(document, diagnostics, SpansOf, GuardWrapPlan.FromDiagnostic, cancellationToken);

    /// <summary>The same with the spans each wrap must cover and the planner given (expression bodies made blocks first).</summary>
    public static async Task<Document> FixAllAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, ExpressionBodies.SpansOf spansOf, ExpressionBodies.WrapPlanner planner, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        var ordered = diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        if (ordered.Any(d => ExpressionBodies.MemberAt(root, d.Location.SourceSpan) is not null))
        {
            var (edited, wraps) = await ExpressionBodies.PlanWrapsAsync(document, ordered, spansOf, planner, cancellationToken).ConfigureAwait(false);
            return wraps.Count == 0 ? document : await GuardWrapEditor.ApplyAsync(edited, wraps, cancellationToken).ConfigureAwait(false);
        }

        var plans = ordered.Select(diagnostic => Plan(root, semanticModel, diagnostic, spansOf, planner, cancellationToken)).OfType<GuardWrapPlan>().ToList();
        return plans.Count == 0 ? document : await GuardWrapEditor.ApplyAsync(document, plans, cancellationToken).ConfigureAwait(false);
    }

    private static GuardWrapPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, ExpressionBodies.SpansOf spansOf, ExpressionBodies.WrapPlanner planner, CancellationToken cancellationToken) =>
        spansOf(diagnostic, root) is { Count: > 0 } spans ? planner(root, semanticModel, diagnostic, spans, cancellationToken) : null;

    private static IReadOnlyList<Microsoft.CodeAnalysis.Text.TextSpan>? SpansOf(Diagnostic diagnostic, SyntaxNode root) => GuardWrapPlan.SpansOf(diagnostic);

    /// <summary>A Fix All provider that applies <see cref="FixAllAsync(Document, ImmutableArray{Diagnostic}, CancellationToken)"/> per document.</summary>
    public static FixAllProvider FixAllProvider { get; } =
        FixAllProvider.Create((context, document, diagnostics) => FixAllAsync(document, diagnostics, context.CancellationToken)!);
}
