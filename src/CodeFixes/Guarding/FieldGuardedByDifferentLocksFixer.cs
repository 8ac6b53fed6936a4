using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Guarded.CodeFixes.Editing;

namespace Guarded.CodeFixes.Guarding;

/// <summary>
/// GRD204 fix: lock on the dominant guard instead — <c>lock (_other)</c> → <c>lock (_gate)</c> — when the region
/// touches only the reported field (otherwise other fields would lose the guard they rely on) and the dominant
/// guard is taken with <c>lock</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FieldGuardedByDifferentLocksFixer))]
[Shared]
public sealed class FieldGuardedByDifferentLocksFixer : CodeFixProvider
{
    private const string UseDominantGuardKey = DiagnosticIds.FieldGuardedByDifferentLocks + ".UseDominantGuard";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.FieldGuardedByDifferentLocks);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (LockedExpression(root, diagnostic) is null || diagnostic.Hint(GuardProperties.GuardText) is not { } guardText)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Lock on '{guardText}', the guard the rest of the type uses",
                    ct => ApplyAsync(document, new[] { diagnostic }, ct),
                    UseDominantGuardKey),
                diagnostic);
        }
    }

    private static Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        ApplyAsync(document, diagnostics, context.CancellationToken)!;

    private static async Task<Document> ApplyAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replacements = new Dictionary<ExpressionSyntax, string>();
        foreach (var diagnostic in diagnostics)
        {
            if (LockedExpression(root, diagnostic) is { } expression && diagnostic.Hint(GuardProperties.GuardText) is { } guardText)
            {
                replacements[expression] = guardText;
            }
        }

        return replacements.Count == 0
            ? document
            : document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) =>
                SyntaxFactory.ParseExpression(replacements[original]).WithTriviaFrom(original)));
    }

    private static ExpressionSyntax? LockedExpression(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(GuardingProperties.CanRewriteLock, out var canRewrite) || canRewrite != "true" ||
            !diagnostic.Properties.TryGetValue(GuardProperties.GuardText, out var guardText) || string.IsNullOrEmpty(guardText) ||
            diagnostic.AdditionalLocations.Count < 2 || diagnostic.AdditionalLocations[1].SourceTree != diagnostic.Location.SourceTree ||
            !root.FullSpan.Contains(diagnostic.AdditionalLocations[1].SourceSpan))
        {
            return null;
        }

        var node = root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan, getInnermostNodeForTie: true);
        return node.FirstAncestorOrSelf<ExpressionSyntax>() is { Parent: LockStatementSyntax } expression ? expression : null;
    }
}
