using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Editing;

/// <summary>Applies guard wraps to a document: one at a time for a light-bulb fix, merged for Fix All.</summary>
internal static class GuardWrapEditor
{
    public static async Task<Document> ApplyAsync(Document document, IReadOnlyList<GuardWrapPlan> plans, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var merged = Merge(plans);
        foreach (var plan in merged)
        {
            var statements = plan.Statements().ToList();
            var replacement = Wrap(plan, statements);
            for (var i = 0; i < replacement.Count - 1; i++)
            {
                editor.InsertBefore(statements[0], replacement[i]);
            }

            editor.ReplaceNode(statements[0], replacement[replacement.Count - 1]);
            foreach (var statement in statements.Skip(1))
            {
                editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
            }
        }

        foreach (var gate in merged.Where(p => p.Guard.IsNewGate).GroupBy(p => p.Guard.GuardText))
        {
            AddGate(editor, gate.First());
        }

        return editor.GetChangedDocument();
    }

    /// <summary>
    /// Joins plans that wrap overlapping or adjacent statements of one block with the same guard (adjacent statements
    /// under different guards get one wrap each), and drops plans nested inside another plan's statements (the outer
    /// wrap already covers them).
    /// </summary>
    private static List<GuardWrapPlan> Merge(IReadOnlyList<GuardWrapPlan> plans)
    {
        var result = new List<GuardWrapPlan>();
        foreach (var group in plans.GroupBy(p => p.Block))
        {
            GuardWrapPlan? current = null;
            foreach (var plan in group.OrderBy(p => p.First).ThenByDescending(p => p.Last))
            {
                if (current is not null && plan.First <= current.Last + 1)
                {
                    if (plan.Guard.GuardText == current.Guard.GuardText)
                    {
                        if (plan.Last > current.Last)
                        {
                            current = current.ExtendTo(plan.Last);
                        }

                        continue;
                    }

                    if (plan.First <= current.Last)
                    {
                        // Overlapping statements under different guards: one wrap per statement, so this one waits.
                        continue;
                    }
                }

                if (current is not null)
                {
                    result.Add(current);
                }

                current = plan;
            }

            if (current is not null)
            {
                result.Add(current);
            }
        }

        return result.Where(inner => !result.Any(outer => outer != inner && outer.Block != inner.Block && outer.Span.Contains(inner.Block.Span))).ToList();
    }

    private static List<StatementSyntax> Wrap(GuardWrapPlan plan, List<StatementSyntax> statements)
    {
        var leading = statements[0].GetLeadingTrivia();
        var guard = ParseExpression(plan.Guard.GuardText);
        var inner = statements.ToList();
        if (plan.Guard.Kind is not ("Semaphore" or "ReadLock" or "UpgradeableReadLock" or "WriteLock" or "ReadSection" or "AsyncLock"))
        {
            // An earlier wrap (another rule's fix) may already hold the same lock inside: the outer one covers it.
            inner = ((BlockSyntax)new SameLockFlattener(guard).Visit(Block(inner))!).Statements.ToList();
        }

        inner[0] = inner[0].WithoutLeadingTrivia();
        var body = Block(inner);

        // A read section guard is kept as a read section; every other read-write form is taken for writing (the
        // wrapped statements write). Plans for an async lock exist only in async code, so a guard form always exists.
        var result = GuardStatements.Around(plan.Guard, body, plan.IsInAsyncFunction, readOnly: plan.Guard.Kind == "ReadSection", statements[0])!;

        result[0] = result[0].WithLeadingTrivia(leading);
        return result.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();
    }

    private static void AddGate(DocumentEditor editor, GuardWrapPlan plan)
    {
        var type = plan.Block.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (type is null)
        {
            return;
        }

        var modifiers = plan.Guard.IsStatic
            ? TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword), Token(SyntaxKind.ReadOnlyKeyword))
            : TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.ReadOnlyKeyword));
        var objectType = PredefinedType(Token(SyntaxKind.ObjectKeyword));
        var gate = FieldDeclaration(
                VariableDeclaration(objectType)
                    .AddVariables(VariableDeclarator(plan.Guard.GuardText)
                        .WithInitializer(EqualsValueClause(ObjectCreationExpression(objectType).WithArgumentList(ArgumentList())))))
            .WithModifiers(modifiers)
            .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);

        var guardedField = type.Members.OfType<FieldDeclarationSyntax>()
            .FirstOrDefault(f => f.Declaration.Variables.Any(v => v.Identifier.ValueText == plan.FieldName));
        if (guardedField is not null)
        {
            editor.InsertAfter(guardedField, gate);
        }
        else
        {
            editor.InsertMembers(type, 0, new[] { gate });
        }
    }

    /// <summary>
    /// Replaces <c>lock (guard) { … }</c> statements nested in a region about to be wrapped in the same lock by their
    /// contents; locks in lambdas and local functions are kept, as they run later, outside the region.
    /// </summary>
    private sealed class SameLockFlattener : CSharpSyntaxRewriter
    {
        private readonly ExpressionSyntax _guard;

        public SameLockFlattener(ExpressionSyntax guard) => _guard = guard;

        public override SyntaxNode? VisitBlock(BlockSyntax node)
        {
            var statements = new List<StatementSyntax>();
            foreach (var statement in node.Statements)
            {
                if (statement is LockStatementSyntax { Statement: BlockSyntax locked } lockStatement && AreEquivalent(lockStatement.Expression, _guard))
                {
                    var visited = (BlockSyntax)VisitBlock(locked)!;
                    statements.AddRange(visited.Statements.Select((s, i) => i == 0 ? s.WithLeadingTrivia(lockStatement.GetLeadingTrivia()) : s));
                }
                else
                {
                    statements.Add((StatementSyntax)Visit(statement)!);
                }
            }

            return node.WithStatements(List(statements)).WithAdditionalAnnotations(Formatter.Annotation);
        }

        public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => node;

        public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => node;

        public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => node;

        public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) => node;
    }
}
