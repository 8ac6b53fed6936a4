using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Editing;

/// <summary>Builds the statements that run a new block of code under a guard, in the guard's form.</summary>
internal static class GuardStatements
{
    /// <summary>
    /// <paramref name="body"/> under <paramref name="guard"/>: <c>lock</c>, semaphore wait/try/finally (awaited in
    /// async code), a read section for a read-write lock (<paramref name="readOnly"/>) or a write section, or an async
    /// lock's <c>using</c> scope. Null when the guard cannot be taken here (an async lock outside async code).
    /// </summary>
    public static List<StatementSyntax>? Around(GuardForm guard, BlockSyntax body, bool inAsyncFunction, bool readOnly, SyntaxNode site)
    {
        var target = ParseExpression(guard.GuardText);
        switch (guard.Kind)
        {
            case "Semaphore":
                return AcquireTryRelease(
                    inAsyncFunction ? AwaitLikeNeighbours(Invoke(target, "WaitAsync"), site) : Invoke(target, "Wait"),
                    body,
                    Invoke(target, "Release"));
            case "ReadLock" or "UpgradeableReadLock" or "WriteLock" or "ReadSection":
                var section = readOnly ? "Read" : "Write";
                return AcquireTryRelease(Invoke(target, $"Enter{section}Lock"), body, Invoke(target, $"Exit{section}Lock"));
            case "AsyncLock":
                return inAsyncFunction ? new List<StatementSyntax> { UsingStatement(null, AwaitLikeNeighbours(Invoke(target, "LockAsync"), site), body) } : null;
            default:
                return new List<StatementSyntax> { LockStatement(target, body) };
        }
    }

    /// <summary>
    /// <c>await call</c>, or <c>await call.ConfigureAwait(false)</c> when the function around <paramref name="site"/>
    /// already awaits with <c>ConfigureAwait(false)</c> (library code that must not capture the context).
    /// </summary>
    public static AwaitExpressionSyntax AwaitLikeNeighbours(ExpressionSyntax call, SyntaxNode site)
    {
        var function = site.AncestorsAndSelf().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax);
        var usesConfigureAwaitFalse = function is not null && function.DescendantNodes().OfType<AwaitExpressionSyntax>().Any(a =>
            a.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" }, ArgumentList.Arguments: { Count: 1 } arguments } &&
            arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression));
        return AwaitExpression(usesConfigureAwaitFalse
            ? InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call, IdentifierName("ConfigureAwait")),
                ArgumentList(SingletonSeparatedList(Argument(LiteralExpression(SyntaxKind.FalseLiteralExpression)))))
            : call);
    }

    /// <summary>Whether <paramref name="node"/> runs in an <c>async</c> method, lambda or local function.</summary>
    public static bool IsInAsyncFunction(SyntaxNode node)
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

    private static List<StatementSyntax> AcquireTryRelease(ExpressionSyntax acquire, BlockSyntax body, ExpressionSyntax release) =>
        new()
        {
            ExpressionStatement(acquire),
            TryStatement(body, default, FinallyClause(Block(ExpressionStatement(release)))),
        };

    private static InvocationExpressionSyntax Invoke(ExpressionSyntax target, string method) =>
        InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, IdentifierName(method)));
}
