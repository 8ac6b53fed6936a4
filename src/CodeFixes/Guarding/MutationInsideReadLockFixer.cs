using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
/// GRD205 fix: upgrade the read section to a write section — <c>EnterReadLock</c>/<c>TryEnterReadLock</c> →
/// <c>EnterWriteLock</c>/<c>TryEnterWriteLock</c> and the <c>ExitReadLock</c> in its <c>finally</c> →
/// <c>ExitWriteLock</c>. Offered for <c>ReaderWriterLockSlim</c> sections released in a <c>finally</c> whose
/// acquire precedes the write in the same member.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MutationInsideReadLockFixer))]
[Shared]
public sealed class MutationInsideReadLockFixer : CodeFixProvider
{
    private const string UpgradeKey = DiagnosticIds.MutationInsideReadLock + ".UpgradeToWriteLock";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.MutationInsideReadLock);

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
            if (TokensToRename(root, diagnostic).Count == 0 || diagnostic.Hint(GuardProperties.GuardText) is not { } guardText)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Take the write lock of '{guardText}' instead of the read lock",
                    ct => ApplyAsync(document, new[] { diagnostic }, ct),
                    UpgradeKey),
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

        var tokens = new HashSet<SyntaxToken>();
        foreach (var diagnostic in diagnostics)
        {
            tokens.UnionWith(TokensToRename(root, diagnostic));
        }

        return tokens.Count == 0
            ? document
            : document.WithSyntaxRoot(root.ReplaceTokens(tokens, (original, _) =>
                SyntaxFactory.Identifier(original.LeadingTrivia, original.ValueText.Replace("Read", "Write"), original.TrailingTrivia)));
    }

    /// <summary>The method-name tokens of the section's acquire and release, or none when the shape is not recognised.</summary>
    private static List<SyntaxToken> TokensToRename(SyntaxNode root, Diagnostic diagnostic)
    {
        var none = new List<SyntaxToken>();
        if (!diagnostic.Properties.TryGetValue(GuardProperties.GuardText, out var guardText) || guardText is null ||
            !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
        {
            return none;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var release = node.Ancestors().OfType<TryStatementSyntax>()
            .Where(t => t.Block.Span.Contains(node.Span) && t.Finally is not null)
            .Select(t => Calls(t.Finally!, guardText, "ExitReadLock").FirstOrDefault())
            .FirstOrDefault(c => c is not null);
        var body = node.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
        if (release is null || body is null)
        {
            return none;
        }

        var acquire = Calls(body, guardText, "EnterReadLock", "TryEnterReadLock")
            .Where(c => c.SpanStart < node.SpanStart)
            .OrderByDescending(c => c.SpanStart)
            .FirstOrDefault();
        return acquire is null ? none : new List<SyntaxToken> { NameOf(acquire), NameOf(release) };
    }

    private static IEnumerable<InvocationExpressionSyntax> Calls(SyntaxNode scope, string target, params string[] names) =>
        scope.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(invocation =>
            invocation.Expression is MemberAccessExpressionSyntax access &&
            names.Contains(access.Name.Identifier.ValueText) &&
            access.Expression.ToString() == target);

    private static SyntaxToken NameOf(InvocationExpressionSyntax invocation) =>
        ((MemberAccessExpressionSyntax)invocation.Expression).Name.Identifier;
}
