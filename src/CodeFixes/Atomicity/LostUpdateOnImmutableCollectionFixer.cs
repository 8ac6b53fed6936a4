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
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// GRD106 fixes: <c>ImmutableInterlocked.Update(ref _map, map =&gt; map.Add(…))</c>, or the field's guard held
/// across the read and the write.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LostUpdateOnImmutableCollectionFixer))]
[Shared]
public sealed class LostUpdateOnImmutableCollectionFixer : CodeFixProvider
{
    private const string ImmutableInterlockedKey = DiagnosticIds.LostUpdateOnImmutableCollection + ".ImmutableInterlocked";
    private const string GuardKey = DiagnosticIds.LostUpdateOnImmutableCollection + ".Guard";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.LostUpdateOnImmutableCollection);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
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
            if (UpdateRewrite(root, semanticModel, diagnostic, context.CancellationToken) is { } rewrite)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use ImmutableInterlocked.Update",
                        ct => ImportCleanup.AddImportsAsync(document.WithSyntaxRoot(root.ReplaceNode(rewrite.Key, rewrite.Value)), ct),
                        ImmutableInterlockedKey),
                    diagnostic);
            }

            if (GuardWrapPlan.FromDiagnostic(root, semanticModel, diagnostic, context.CancellationToken) is { } plan)
            {
                var title = plan.Guard.IsNewGate
                    ? $"Guard the update with a new lock '{plan.Guard.GuardText}'"
                    : $"Hold '{plan.Guard.GuardText}' across the read and the write";
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => GuardWrapEditor.ApplyAsync(document, new[] { plan }, ct), GuardKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        if (context.CodeActionEquivalenceKey == ImmutableInterlockedKey)
        {
            var rewrites = diagnostics
                .Select(d => UpdateRewrite(root, semanticModel, d, context.CancellationToken))
                .Where(r => r is not null)
                .ToDictionary(r => r!.Value.Key, r => r!.Value.Value);
            var rewritten = document.WithSyntaxRoot(root.ReplaceNodes(rewrites.Keys, (original, _) => rewrites[original]));
            return await ImportCleanup.AddImportsAsync(rewritten, context.CancellationToken).ConfigureAwait(false);
        }

        return await GuardWrapFixes.FixAllAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The statement <c>_f = f(_f);</c> and its replacement <c>ImmutableInterlocked.Update(ref _f, x =&gt; f(x));</c>.</summary>
    private static KeyValuePair<SyntaxNode, SyntaxNode>? UpdateRewrite(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AssignmentExpressionSyntax>() is not { Parent: ExpressionStatementSyntax statement } assignment ||
            semanticModel.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is not IFieldSymbol field)
        {
            // ImmutableInterlocked.Update returns whether it changed the field, not the new value: only a statement can use it.
            return null;
        }

        var parameter = Naming.FreeName(Naming.StemOf(field.Name), semanticModel, assignment.SpanStart);
        var reads = assignment.Right.DescendantNodesAndSelf()
            .OfType<IdentifierNameSyntax>()
            .Where(identifier => SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol, field))
            .Select(identifier => identifier.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax } access && access.Name == identifier ? (ExpressionSyntax)access : identifier)
            .ToList();
        var body = assignment.Right.ReplaceNodes(reads, (original, _) => IdentifierName(parameter).WithTriviaFrom(original));
        var call = SyntaxHelpers.Call(
            SyntaxHelpers.TypeReference("System.Collections.Immutable.ImmutableInterlocked"),
            "Update",
            SyntaxHelpers.RefArgument(assignment.Left),
            Argument(SimpleLambdaExpression(Parameter(Identifier(parameter)), body.WithoutTrivia())));
        return new KeyValuePair<SyntaxNode, SyntaxNode>(statement, SyntaxHelpers.Tidy(statement.WithExpression(call)));
    }
}
