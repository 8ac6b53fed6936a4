using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Guarded.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Guarded.CodeFixes.Editing;

/// <summary>
/// A run of consecutive statements of one block to wrap in a guard: the smallest run that holds every given span,
/// extended to the last statement that uses a local the run declares (so the wrap does not scope it away).
/// </summary>
internal sealed class GuardWrapPlan
{
    private GuardWrapPlan(BlockSyntax block, int first, int last, GuardForm guard, string fieldName)
    {
        Block = block;
        First = first;
        Last = last;
        Guard = guard;
        FieldName = fieldName;
    }

    public BlockSyntax Block { get; }

    public int First { get; }

    public int Last { get; }

    public GuardForm Guard { get; }

    public string FieldName { get; }

    public TextSpan Span => TextSpan.FromBounds(Block.Statements[First].SpanStart, Block.Statements[Last].Span.End);

    public bool IsInAsyncFunction => IsAsync(Block);

    /// <summary>The same plan, wrapping up to statement <paramref name="last"/>.</summary>
    public GuardWrapPlan ExtendTo(int last) => new(Block, First, last, Guard, FieldName);

    /// <summary>
    /// Plans the wrap a guard-taking fix makes for <paramref name="diagnostic"/>: its location plus the first
    /// <c>ActCount</c> additional locations, in the guard its properties name (or a new gate). Null when the
    /// diagnostic does not say which guard, or no wrap is safe.
    /// </summary>
    public static GuardWrapPlan? FromDiagnostic(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        SpansOf(diagnostic) is { } spans ? FromDiagnostic(root, semanticModel, diagnostic, spans, cancellationToken) : null;

    /// <summary>
    /// The same with the diagnostic's spans (<see cref="SpansOf"/>) given as they are in <paramref name="root"/>, for a
    /// tree edited since the diagnostic was reported.
    /// </summary>
    public static GuardWrapPlan? FromDiagnostic(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, IReadOnlyList<TextSpan> spans, CancellationToken cancellationToken)
    {
        if (spans.Count == 0 ||
            semanticModel.GetEnclosingSymbol(spans[0].Start, cancellationToken)?.ContainingType is not { } type ||
            GuardForm.From(diagnostic, type) is not { } guard ||
            !diagnostic.Properties.TryGetValue(GuardProperties.FieldName, out var fieldName) || fieldName is null)
        {
            return null;
        }

        return Create(root, semanticModel, spans, guard, fieldName, cancellationToken);
    }

    /// <summary>The spans a guard-taking fix must cover: the diagnostic's location and its first <c>ActCount</c> additional locations in the same file.</summary>
    public static List<TextSpan>? SpansOf(Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(GuardProperties.ActCount, out var countText) || !int.TryParse(countText, out var count))
        {
            return null;
        }

        var spans = new List<TextSpan> { diagnostic.Location.SourceSpan };
        spans.AddRange(diagnostic.AdditionalLocations.Take(count).Where(l => l.SourceTree == diagnostic.Location.SourceTree).Select(l => l.SourceSpan));
        return spans;
    }

    /// <summary>Plans the wrap of the statements holding <paramref name="spans"/>, or returns null when no wrap is safe.</summary>
    public static GuardWrapPlan? Create(SyntaxNode root, SemanticModel semanticModel, IReadOnlyList<TextSpan> spans, GuardForm guard, string fieldName, CancellationToken cancellationToken)
    {
        if (spans.Count == 0)
        {
            return null;
        }

        var nodes = spans.Select(span => root.FindNode(span, getInnermostNodeForTie: true)).ToList();
        var block = CommonBlock(nodes);
        if (block is null)
        {
            return null;
        }

        var indices = nodes.Select(node => IndexOfStatementContaining(block, node)).ToList();
        if (indices.Any(index => index < 0))
        {
            return null;
        }

        var first = indices.Min();
        var last = ExtendOverLocalUses(block, first, indices.Max(), semanticModel, cancellationToken);
        var plan = new GuardWrapPlan(block, first, last, guard, fieldName);
        return plan.CanWrap() ? plan : null;
    }

    /// <summary>Whether wrapping keeps the code correct: a thread-affine lock never spans an <c>await</c>, and an async lock needs an async method.</summary>
    private bool CanWrap()
    {
        var containsAwait = Statements().Any(statement => statement.DescendantNodesAndSelf(descendIntoChildren: node => !IsFunctionBoundary(node)).Any(node => node is AwaitExpressionSyntax || node.IsKind(SyntaxKind.YieldReturnStatement)));
        return Guard.Kind switch
        {
            "Semaphore" => true,
            "AsyncLock" => IsInAsyncFunction,
            _ => !containsAwait,
        };
    }

    public IEnumerable<StatementSyntax> Statements()
    {
        for (var i = First; i <= Last; i++)
        {
            yield return Block.Statements[i];
        }
    }

    private static BlockSyntax? CommonBlock(List<SyntaxNode> nodes)
    {
        foreach (var candidate in nodes[0].Ancestors().OfType<BlockSyntax>())
        {
            if (nodes.All(node => candidate.Span.Contains(node.Span)) && candidate.Parent is not null && !IsFunctionBoundary(candidate) && !CrossesFunction(candidate, nodes))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A block that holds the nodes only through a lambda or local function would move code across a function boundary.</summary>
    private static bool CrossesFunction(BlockSyntax block, List<SyntaxNode> nodes) =>
        nodes.Any(node => node.Ancestors().TakeWhile(ancestor => ancestor != block).Any(IsFunctionBoundary));

    private static int IndexOfStatementContaining(BlockSyntax block, SyntaxNode node)
    {
        for (var i = 0; i < block.Statements.Count; i++)
        {
            if (block.Statements[i].Span.Contains(node.Span))
            {
                return i;
            }
        }

        return -1;
    }

    private static int ExtendOverLocalUses(BlockSyntax block, int first, int last, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var declared = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        for (var i = first; i <= last; i++)
        {
            foreach (var node in block.Statements[i].DescendantNodesAndSelf())
            {
                if (node is VariableDeclaratorSyntax or SingleVariableDesignationSyntax &&
                    semanticModel.GetDeclaredSymbol(node, cancellationToken) is ILocalSymbol local &&
                    IsScopedToBlock(node, block))
                {
                    declared.Add(local);
                }
            }
        }

        if (declared.Count == 0)
        {
            return last;
        }

        var extended = last;
        for (var i = last + 1; i < block.Statements.Count; i++)
        {
            foreach (var identifier in block.Statements[i].DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (declared.Contains(semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol!))
                {
                    extended = i;
                    break;
                }
            }
        }

        return extended;
    }

    /// <summary>Whether the local declared at <paramref name="declaration"/> is visible in the rest of <paramref name="block"/>.</summary>
    private static bool IsScopedToBlock(SyntaxNode declaration, BlockSyntax block)
    {
        foreach (var ancestor in declaration.Ancestors())
        {
            if (ancestor == block)
            {
                return true;
            }

            if (ancestor is BlockSyntax or ForStatementSyntax or ForEachStatementSyntax or UsingStatementSyntax or CatchClauseSyntax || IsFunctionBoundary(ancestor))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsFunctionBoundary(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

    private static bool IsAsync(SyntaxNode node)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax localFunction:
                    return localFunction.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
