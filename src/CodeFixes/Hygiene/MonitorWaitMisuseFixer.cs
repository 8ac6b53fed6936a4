using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Hygiene;

/// <summary>
/// GRD404 fixes: <c>if (cond) Monitor.Wait(x);</c> (or an <c>if</c> whose block holds only the wait, with no
/// <c>else</c>) becomes <c>while (cond) …</c>, which re-checks the condition after every wake-up; a
/// <c>Monitor.Pulse(x)</c>/<c>PulseAll(x)</c> statement called without the lock is wrapped in <c>lock (x) { … }</c>
/// when <c>x</c> is a plain reference (a field, a local, <c>this</c>). A <c>Wait</c> outside its lock gets no fix:
/// taking the lock around the wait alone would leave the condition it waits for unchecked under the lock.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MonitorWaitMisuseFixer))]
[Shared]
public sealed class MonitorWaitMisuseFixer : AnnotatedEditFixer
{
    private const string LoopKey = DiagnosticIds.MonitorWaitMisuse + ".WhileLoop";
    private const string LockKey = DiagnosticIds.MonitorWaitMisuse + ".TakeLock";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.MonitorWaitMisuse);

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call ||
            call.Parent is not ExpressionStatementSyntax statement ||
            semanticModel.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol { ContainingType.Name: "Monitor" } method ||
            statement.HasErrors(semanticModel, cancellationToken))
        {
            return null;
        }

        return diagnostic.Hint(WaitProperties.Reason) switch
        {
            WaitProperties.NotInLoop when method.Name == "Wait" => PlanLoop(statement),
            WaitProperties.NotHeld when method.Name is "Pulse" or "PulseAll" => PlanLock(call, statement, semanticModel, cancellationToken),
            _ => null,
        };
    }

    /// <summary><c>if (cond) Monitor.Wait(x);</c> → <c>while (cond) Monitor.Wait(x);</c>.</summary>
    private static FixPlan? PlanLoop(ExpressionStatementSyntax wait)
    {
        var guardingIf = wait.Parent switch
        {
            IfStatementSyntax direct => direct,
            BlockSyntax { Statements.Count: 1, Parent: IfStatementSyntax viaBlock } => viaBlock,
            _ => null,
        };

        if (guardingIf is null || guardingIf.Else is not null)
        {
            return null;
        }

        var edit = new AnnotatedEdit();
        var mark = edit.Mark(guardingIf);
        edit.Apply = current =>
        {
            if (AnnotatedEdit.Find<IfStatementSyntax>(current, mark) is not { Else: null } ifStatement)
            {
                return null;
            }

            var loop = WhileStatement(
                ifStatement.AttributeLists,
                Token(ifStatement.IfKeyword.LeadingTrivia, SyntaxKind.WhileKeyword, ifStatement.IfKeyword.TrailingTrivia),
                ifStatement.OpenParenToken,
                ifStatement.Condition,
                ifStatement.CloseParenToken,
                ifStatement.Statement);
            return current.ReplaceNode(ifStatement, loop);
        };

        return new FixPlan($"Re-check '{guardingIf.Condition}' in a while loop", LoopKey, edit);
    }

    /// <summary><c>Monitor.Pulse(x);</c> → <c>lock (x) { Monitor.Pulse(x); }</c>.</summary>
    private static FixPlan? PlanLock(InvocationExpressionSyntax call, ExpressionStatementSyntax statement, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (call.ArgumentList.Arguments.Count != 1 ||
            call.ArgumentList.Arguments[0] is not { NameColon: null, RefKindKeyword.RawKind: 0 } argument ||
            !IsPlainReference(argument.Expression) ||
            semanticModel.GetTypeInfo(argument.Expression, cancellationToken).Type is not { IsReferenceType: true } ||
            statement.Parent is not (BlockSyntax or SwitchSectionSyntax))
        {
            return null;
        }

        var lockObject = argument.Expression.WithoutTrivia();
        var edit = new AnnotatedEdit();
        var mark = edit.Mark(statement);
        edit.Apply = current =>
        {
            if (AnnotatedEdit.Find<ExpressionStatementSyntax>(current, mark) is not { } pulse)
            {
                return null;
            }

            var locked = LockStatement(lockObject, Block(pulse.WithoutLeadingTrivia().WithTrailingTrivia(ElasticCarriageReturnLineFeed)))
                .WithLeadingTrivia(pulse.GetLeadingTrivia())
                .WithTrailingTrivia(pulse.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            return current.ReplaceNode(pulse, locked);
        };

        return new FixPlan($"Take 'lock ({lockObject})' around the call", LockKey, edit);
    }

    /// <summary>A name, <c>this</c>, or a chain of names through <c>this</c> or a type: nothing that runs code or differs when read twice.</summary>
    private static bool IsPlainReference(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsPlainReference(access.Expression),
        _ => false,
    };
}
