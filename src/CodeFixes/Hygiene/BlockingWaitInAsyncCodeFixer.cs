using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Hygiene;

/// <summary>
/// GRD405 fix, in <c>async</c> code only: <c>semaphore.Wait(…)</c> becomes <c>await semaphore.WaitAsync(…)</c> with the
/// same arguments (a timed wait still yields its <c>bool</c>); <c>task.Result</c> and
/// <c>task.GetAwaiter().GetResult()</c> become <c>await task</c>; <c>task.Wait()</c> becomes <c>await task</c> and
/// <c>task.Wait(cancellationToken)</c> <c>await task.WaitAsync(cancellationToken)</c>. Not offered where C# forbids
/// <c>await</c> (a <c>lock</c> body, a query clause, a <c>catch</c> filter, unsafe code), while a thread-affine lock is
/// held (the release would run on another thread), for <c>task.Wait(timeout)</c> (its <c>bool</c> has no awaitable
/// equivalent), or for a wait that holds a lock outside async code (no mechanical change is safe there).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingWaitInAsyncCodeFixer))]
[Shared]
public sealed class BlockingWaitInAsyncCodeFixer : AnnotatedEditFixer
{
    private const string EquivalenceKey = DiagnosticIds.BlockingWaitInAsyncCode + ".Await";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.BlockingWaitInAsyncCode);

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Hint(WaitProperties.InAsyncFunction) != "true" ||
            diagnostic.Hint(WaitProperties.HoldsThreadLock) != "false" ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax wait ||
            !CanAwaitAt(wait) ||
            wait.FirstAncestorOrSelf<StatementSyntax>() is not { } statement ||
            statement.HasErrors(semanticModel, cancellationToken) ||
            Rewrite(wait, semanticModel, cancellationToken) is not { } planned)
        {
            return null;
        }

        var (title, rewrite) = planned;

        var edit = new AnnotatedEdit();
        var mark = edit.Mark(wait);
        edit.Apply = current =>
        {
            if (AnnotatedEdit.Find<ExpressionSyntax>(current, mark) is not { } node || rewrite(node) is not { } awaited)
            {
                return null;
            }

            ExpressionSyntax replacement = NeedsParentheses(node) ? ParenthesizedExpression(awaited) : awaited;
            return current.ReplaceNode(node, replacement.WithTriviaFrom(node));
        };

        return new FixPlan(title, EquivalenceKey, edit);
    }

    /// <summary>The fix's title and the rewrite of the (current) wait expression into an <c>await</c>, or null when no awaitable form fits.</summary>
    private static (string Title, Func<ExpressionSyntax, AwaitExpressionSyntax?> Rewrite)? Rewrite(ExpressionSyntax wait, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        switch (wait)
        {
            // task.Result
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" }:
                return ("Await the task instead of blocking on 'Result'", node =>
                    node is MemberAccessExpressionSyntax access ? Await(access.Expression) : null);

            // task.GetAwaiter().GetResult()
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult", Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } } } }:
                return ("Await the task instead of blocking on 'GetAwaiter().GetResult()'", node =>
                    node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiter } } }
                        ? Await(getAwaiter.Expression)
                        : null);

            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } } call
                when semanticModel.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method:
                return RewriteWait(method);

            default:
                return null;
        }
    }

    /// <summary><c>semaphore.Wait(…)</c> → <c>await semaphore.WaitAsync(…)</c>; <c>task.Wait()</c> → <c>await task</c>; <c>task.Wait(token)</c> → <c>await task.WaitAsync(token)</c>.</summary>
    private static (string Title, Func<ExpressionSyntax, AwaitExpressionSyntax?> Rewrite)? RewriteWait(IMethodSymbol wait)
    {
        var type = wait.ContainingType;
        var isSemaphore = type is { Name: "SemaphoreSlim", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
        if (isSemaphore || wait.Parameters.Length > 0)
        {
            // The same arguments must fit an awaitable overload, and a timed wait must keep its bool.
            var hasAsyncTwin = type.GetMembers("WaitAsync").OfType<IMethodSymbol>().Any(candidate =>
                candidate.Parameters.Length == wait.Parameters.Length &&
                candidate.Parameters.Zip(wait.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same) &&
                (wait.ReturnsVoid || (candidate.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } returned && SymbolEqualityComparer.Default.Equals(returned.TypeArguments[0], wait.ReturnType))));
            if (!hasAsyncTwin)
            {
                return null;
            }

            return ($"Await '{(isSemaphore ? "WaitAsync" : "task.WaitAsync")}' instead of blocking in 'Wait'", node =>
                node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
                    ? Await(invocation.WithExpression(access.WithName(IdentifierName("WaitAsync").WithTriviaFrom(access.Name))))
                    : null);
        }

        return ("Await the task instead of blocking in 'Wait()'", node =>
            node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? Await(access.Expression) : null);
    }

    private static AwaitExpressionSyntax Await(ExpressionSyntax awaited) =>
        AwaitExpression(Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space), awaited.WithoutTrivia());

    /// <summary>Whether the await must be parenthesized where the wait stood: as the target of a member access, call, index or postfix operator.</summary>
    private static bool NeedsParentheses(ExpressionSyntax node) => node.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Expression == node,
        ConditionalAccessExpressionSyntax conditional => conditional.Expression == node,
        ElementAccessExpressionSyntax element => element.Expression == node,
        InvocationExpressionSyntax invocation => invocation.Expression == node,
        PostfixUnaryExpressionSyntax => true,
        _ => false,
    };

    /// <summary>
    /// Whether an <c>await</c> compiles at <paramref name="node"/>: its function is <c>async</c>, and between them there is
    /// no <c>lock</c> body, query clause, <c>catch</c> filter or unsafe code.
    /// </summary>
    private static bool CanAwaitAt(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case LockStatementSyntax or QueryExpressionSyntax or CatchFilterClauseSyntax or UnsafeStatementSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return IsAsyncAndSafe(local.Modifiers);
                case BaseMethodDeclarationSyntax method:
                    return IsAsyncAndSafe(method.Modifiers);
                case MemberDeclarationSyntax or AccessorDeclarationSyntax:
                    return false;
            }
        }

        return false;

        static bool IsAsyncAndSafe(SyntaxTokenList modifiers) =>
            modifiers.Any(SyntaxKind.AsyncKeyword) && !modifiers.Any(SyntaxKind.UnsafeKeyword);
    }
}
