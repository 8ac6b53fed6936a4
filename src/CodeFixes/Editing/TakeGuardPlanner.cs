using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Microsoft.CodeAnalysis;
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
        if (!diagnostic.Properties.ContainsKey(GuardProperties.GuardKind) || !diagnostic.Properties.ContainsKey(GuardProperties.FieldName))
        {
            return null;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (semanticModel.GetEnclosingSymbol(node.SpanStart, cancellationToken)?.ContainingType is not { } type ||
            GuardForm.From(diagnostic, type) is not { } guard)
        {
            return null;
        }

        var name = diagnostic.Properties[GuardProperties.FieldName]!;
        var spans = new List<TextSpan> { diagnostic.Location.SourceSpan };
        spans.AddRange(DecodeSpans(diagnostic.Properties.TryGetValue(GuardingProperties.RelatedSpans, out var related) ? related : null, root.FullSpan));
        return GuardWrapPlan.Create(root, semanticModel, spans, guard, name, cancellationToken) ??
            (spans.Count > 1 ? GuardWrapPlan.Create(root, semanticModel, new[] { diagnostic.Location.SourceSpan }, guard, name, cancellationToken) : null);
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
