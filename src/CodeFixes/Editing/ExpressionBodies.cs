using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Editing;

/// <summary>
/// Gives expression-bodied members a block body so that a guard can be wrapped around their one statement:
/// <c>bool IsOnline(string id) =&gt; _d.ContainsKey(id);</c> becomes
/// <c>bool IsOnline(string id) { lock (_gate) { return _d.ContainsKey(id); } }</c> once wrapped.
/// </summary>
internal static class ExpressionBodies
{
    /// <summary>The spans a diagnostic's guard must cover, in <paramref name="root"/> (the tree it was reported on), or null.</summary>
    public delegate IReadOnlyList<TextSpan>? SpansOf(Diagnostic diagnostic, SyntaxNode root);

    /// <summary>Plans the guard wrap of a diagnostic whose spans, in <paramref name="root"/>, are <paramref name="spans"/>.</summary>
    public delegate GuardWrapPlan? WrapPlanner(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, IReadOnlyList<TextSpan> spans, CancellationToken cancellationToken);

    /// <summary>
    /// The member whose expression body holds <paramref name="span"/>: a method, operator, local function, property,
    /// indexer or accessor, not a lambda (the guard would have to go inside it). Null otherwise.
    /// </summary>
    public static SyntaxNode? MemberAt(SyntaxNode root, TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var arrow = node.AncestorsAndSelf().TakeWhile(n => n is not AnonymousFunctionExpressionSyntax).OfType<ArrowExpressionClauseSyntax>().FirstOrDefault();
        return arrow is { Expression: not ThrowExpressionSyntax, Parent: BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or BasePropertyDeclarationSyntax or AccessorDeclarationSyntax }
            ? arrow.Parent
            : null;
    }

    /// <summary>
    /// Plans the guard wraps of <paramref name="diagnostics"/> with the expression-bodied members that hold them given
    /// block bodies: the edited document and the plans on it. A member gets a block body only if one of its diagnostics
    /// then has a plan, so nothing changes where no guard can be taken.
    /// </summary>
    public static async Task<(Document Document, List<GuardWrapPlan> Plans)> PlanWrapsAsync(
        Document document, IReadOnlyList<Diagnostic> diagnostics, SpansOf spansOf, WrapPlanner plan, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var semanticModel = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
        var candidates = diagnostics.Select(d => MemberAt(root, d.Location.SourceSpan)).OfType<SyntaxNode>().Distinct().ToList();
        while (true)
        {
            var (edited, plans, planned) = await PlanAsync(document, root, semanticModel, diagnostics, candidates, spansOf, plan, cancellationToken).ConfigureAwait(false);
            var unplanned = candidates.Where(member => !planned.Contains(member)).ToList();
            if (unplanned.Count == 0)
            {
                return (edited, plans);
            }

            candidates = candidates.Except(unplanned).ToList();
        }
    }

    private static async Task<(Document, List<GuardWrapPlan>, HashSet<SyntaxNode>)> PlanAsync(
        Document document, SyntaxNode root, SemanticModel semanticModel, IReadOnlyList<Diagnostic> diagnostics, List<SyntaxNode> members, SpansOf spansOf, WrapPlanner planner, CancellationToken cancellationToken)
    {
        // Track each diagnostic's nodes and each member through the edit with annotations.
        var spanMarks = new List<(Diagnostic Diagnostic, List<SyntaxAnnotation> Marks)>();
        var marksOfNode = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
        void Mark(SyntaxNode node, SyntaxAnnotation mark)
        {
            if (!marksOfNode.TryGetValue(node, out var marks))
            {
                marksOfNode[node] = marks = new List<SyntaxAnnotation>();
            }

            marks.Add(mark);
        }

        foreach (var diagnostic in diagnostics)
        {
            var marks = new List<SyntaxAnnotation>();
            foreach (var span in spansOf(diagnostic, root) ?? new List<TextSpan>())
            {
                var mark = new SyntaxAnnotation();
                Mark(root.FindNode(span, getInnermostNodeForTie: true), mark);
                marks.Add(mark);
            }

            spanMarks.Add((diagnostic, marks));
        }

        var memberMarks = new Dictionary<SyntaxNode, (SyntaxAnnotation Mark, bool Returns)>();
        foreach (var member in members)
        {
            var mark = new SyntaxAnnotation();
            Mark(member, mark);
            memberMarks[member] = (mark, ReturnsValue(member, semanticModel, cancellationToken));
        }

        var marked = root.ReplaceNodes(marksOfNode.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marksOfNode[original]));
        var bodies = memberMarks.Values.ToDictionary(m => marked.GetAnnotatedNodes(m.Mark).Single(), m => m.Returns);
        var edited = document.WithSyntaxRoot(marked.ReplaceNodes(bodies.Keys, (original, rewritten) => WithBlockBody(rewritten, bodies[original])));

        var editedRoot = (await edited.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var editedModel = (await edited.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
        var plans = new List<GuardWrapPlan>();
        var planned = new HashSet<SyntaxNode>();
        foreach (var (diagnostic, marks) in spanMarks)
        {
            var spans = marks.Select(mark => editedRoot.GetAnnotatedNodes(mark).Single().Span).ToList();
            if (spans.Count > 0 && planner(editedRoot, editedModel, diagnostic, spans, cancellationToken) is { } plan && !BlocksOnASemaphore(plan))
            {
                plans.Add(plan);
                planned.UnionWith(members.Where(member => member.Span.Contains(diagnostic.Location.SourceSpan)));
            }
        }

        return (edited, plans, planned);
    }

    /// <summary>
    /// A semaphore (or async lock) taken synchronously: a one-line member such as <c>bool IsConnected =&gt; _connected;</c>
    /// would block its caller for as long as an async holder keeps the semaphore across its awaits. Nobody writes that;
    /// such a read is left to the user (often a <c>Volatile.Read</c>).
    /// </summary>
    private static bool BlocksOnASemaphore(GuardWrapPlan plan) =>
        plan.Guard.Kind is "Semaphore" or "AsyncLock" && !plan.IsInAsyncFunction;

    /// <summary>Whether the body returns its expression's value (not for <c>void</c>, <c>async Task</c>, setters, constructors).</summary>
    private static bool ReturnsValue(SyntaxNode member, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        switch (member)
        {
            case BasePropertyDeclarationSyntax:
                return true;
            case AccessorDeclarationSyntax accessor:
                return accessor.IsKind(SyntaxKind.GetAccessorDeclaration);
            case ConstructorDeclarationSyntax or DestructorDeclarationSyntax:
                return false;
        }

        return semanticModel.GetDeclaredSymbol(member, cancellationToken) is IMethodSymbol method &&
               !method.ReturnsVoid &&
               !(method.IsAsync && method.ReturnType is INamedTypeSymbol { Arity: 0, Name: "Task" or "ValueTask" });
    }

    private static SyntaxNode WithBlockBody(SyntaxNode member, bool returns)
    {
        BlockSyntax Body(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon) =>
            Block(returns ? ReturnStatement(arrow.Expression.WithoutLeadingTrivia()) : ExpressionStatement(arrow.Expression.WithoutLeadingTrivia()))
                .WithTrailingTrivia(semicolon.TrailingTrivia);

        SyntaxNode edited = member switch
        {
            BaseMethodDeclarationSyntax { ExpressionBody: { } arrow } method =>
                method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Body(arrow, method.SemicolonToken)),
            LocalFunctionStatementSyntax { ExpressionBody: { } arrow } local =>
                local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Body(arrow, local.SemicolonToken)),
            AccessorDeclarationSyntax { ExpressionBody: { } arrow } accessor =>
                accessor.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Body(arrow, accessor.SemicolonToken)),
            PropertyDeclarationSyntax { ExpressionBody: { } arrow } property =>
                property.WithExpressionBody(null).WithSemicolonToken(default)
                    .WithAccessorList(AccessorList(SingletonList(AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, Body(arrow, default)))))
                    .WithTrailingTrivia(property.SemicolonToken.TrailingTrivia),
            IndexerDeclarationSyntax { ExpressionBody: { } arrow } indexer =>
                indexer.WithExpressionBody(null).WithSemicolonToken(default)
                    .WithAccessorList(AccessorList(SingletonList(AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, Body(arrow, default)))))
                    .WithTrailingTrivia(indexer.SemicolonToken.TrailingTrivia),
            _ => member,
        };
        return edited.WithAdditionalAnnotations(Formatter.Annotation);
    }
}
