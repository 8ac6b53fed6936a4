using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Microsoft.CodeAnalysis;
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
    /// <summary>Registers the "take the guard" action of every diagnostic of <paramref name="context"/> that has a plan (see <see cref="GuardWrapFixes"/>).</summary>
    public static Task RegisterAsync(CodeFixContext context, string equivalenceKey, Func<GuardWrapPlan, string> title) =>
        GuardWrapFixes.RegisterAsync(context, equivalenceKey, title, applies: null, SpansOf, Plan);

    /// <summary>Fix All: every diagnostic of the document that has a plan, in one edit.</summary>
    public static async Task<Document?> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        await GuardWrapFixes.FixAllAsync(document, diagnostics, SpansOf, Plan, cancellationToken).ConfigureAwait(false);

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

        if (diagnostic.Hint(GuardProperties.FieldName) is not { } name)
        {
            return null;
        }

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
