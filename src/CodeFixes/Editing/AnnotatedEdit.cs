using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.CodeFixes.Editing;

/// <summary>
/// One fix planned on the original tree and applied later to a tree that other fixes may already have changed:
/// the plan marks the nodes it needs with annotations, and <see cref="Apply"/> finds them again by annotation.
/// That lets Fix All apply overlapping or nested fixes one after another and converge in one pass.
/// </summary>
internal sealed class AnnotatedEdit
{
    private readonly List<(SyntaxNode Node, SyntaxAnnotation Annotation)> _marks = new();

    /// <summary>The transformation of the (annotated, possibly already edited) root; returns null to skip.</summary>
    public Func<SyntaxNode, SyntaxNode?> Apply { get; set; } = _ => null;

    /// <summary>Marks <paramref name="node"/> so <see cref="Apply"/> can find its current version.</summary>
    public SyntaxAnnotation Mark(SyntaxNode node)
    {
        var annotation = new SyntaxAnnotation("Guarded.Edit");
        _marks.Add((node, annotation));
        return annotation;
    }

    /// <summary>The current version of the node marked with <paramref name="annotation"/>, if it is still there.</summary>
    public static T? Find<T>(SyntaxNode root, SyntaxAnnotation annotation)
        where T : SyntaxNode =>
        root.GetAnnotatedNodes(annotation).OfType<T>().FirstOrDefault();

    /// <summary>Annotates every plan's nodes in <paramref name="root"/>, then applies the plans one after another.</summary>
    public static SyntaxNode ApplyAll(SyntaxNode root, IReadOnlyList<AnnotatedEdit> edits)
    {
        var marks = edits.SelectMany(e => e._marks).GroupBy(m => m.Node).ToDictionary(g => g.Key, g => g.Select(m => m.Annotation).ToArray());
        var annotated = root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original]));
        foreach (var edit in edits)
        {
            annotated = edit.Apply(annotated) ?? annotated;
        }

        return annotated;
    }

    /// <summary>
    /// Replaces <paramref name="statement"/> by <paramref name="replacement"/> statements: spliced into the parent
    /// block (or switch section) when there is one, else wrapped in a block.
    /// </summary>
    public static SyntaxNode ReplaceStatement(SyntaxNode root, StatementSyntax statement, IReadOnlyList<StatementSyntax> replacement)
    {
        switch (statement.Parent)
        {
            case BlockSyntax block:
                return root.ReplaceNode(block, block.WithStatements(Splice(block.Statements, statement, replacement)));
            case SwitchSectionSyntax section:
                return root.ReplaceNode(section, section.WithStatements(Splice(section.Statements, statement, replacement)));
            default:
                return root.ReplaceNode(statement, replacement.Count == 1 ? replacement[0] : SyntaxFactory.Block(replacement));
        }
    }

    /// <summary>Whether <paramref name="node"/> contains an <c>await</c> of its own function (not of a nested lambda or local function).</summary>
    public static bool ContainsAwait(SyntaxNode node) =>
        node.DescendantNodesAndSelf(descendIntoChildren: n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(n => n is AwaitExpressionSyntax || (n is UsingStatementSyntax u && u.AwaitKeyword != default) || (n is LocalDeclarationStatementSyntax l && l.AwaitKeyword != default) || (n is ForEachStatementSyntax f && f.AwaitKeyword != default));

    private static SyntaxList<StatementSyntax> Splice(SyntaxList<StatementSyntax> statements, StatementSyntax statement, IReadOnlyList<StatementSyntax> replacement)
    {
        var index = statements.IndexOf(statement);
        var list = statements.ToList();
        list.RemoveAt(index);
        list.InsertRange(index, replacement);
        return SyntaxFactory.List(list);
    }
}
