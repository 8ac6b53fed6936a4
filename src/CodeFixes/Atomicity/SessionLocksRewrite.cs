using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// Rewrites a <c>ConcurrentDictionary&lt;TKey, SemaphoreSlim&gt;</c> lock registry to Guarded.Runtime's
/// <c>SessionLocks&lt;TKey&gt;</c>, every use in the type at once. Offered only when every use has this shape:
/// <code>
/// var gate = _locks.GetOrAdd(key, …); [await] gate.Wait[Async]([ct]); try { … } finally { gate.Release(); }
///     → using ([await] _locks.Acquire[Async](key[, ct])) { … }
/// _locks.TryRemove(key, out _);   → _locks.Sweep(TimeSpan.Zero);   (removes idle entries nobody holds or awaits)
/// _locks.Count                    → _locks.Count
/// </code>
/// </summary>
internal sealed class SessionLocksRewrite : IFieldRewrite
{
    private const string SessionLocksType = "Guarded.SessionLocks`1";
    private readonly RewritableField _target;
    private readonly List<(List<StatementSyntax> Original, StatementSyntax Replacement)> _edits;

    private SessionLocksRewrite(RewritableField target, List<(List<StatementSyntax>, StatementSyntax)> edits)
    {
        _target = target;
        _edits = edits;
    }

    public string FieldName => _target.Symbol.Name;

    public static IFieldRewrite? TryCreate(SyntaxNode root, SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (semanticModel.Compilation.GetTypeByMetadataName(SessionLocksType) is null ||
            node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax access } ||
            RewritableField.From(semanticModel.GetSymbolInfo(access.Expression, cancellationToken).Symbol, root, cancellationToken) is not { } target ||
            target.Symbol.Type is not INamedTypeSymbol { Name: "ConcurrentDictionary", TypeArguments.Length: 2 } registry ||
            registry.TypeArguments[1].Name != "SemaphoreSlim")
        {
            return null;
        }

        var edits = new List<(List<StatementSyntax>, StatementSyntax)>();
        foreach (var receiver in target.Uses(semanticModel, cancellationToken))
        {
            if (receiver.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var member } use || use.Expression != receiver)
            {
                return null;
            }

            var edit = member switch
            {
                "Count" => (new List<StatementSyntax>(), (StatementSyntax)null!),
                "GetOrAdd" => Acquisition(use, semanticModel, cancellationToken),
                "TryRemove" => Removal(use),
                _ => null,
            };

            if (edit is null)
            {
                return null;
            }

            if (edit.Value.Item1.Count > 0)
            {
                edits.Add(edit.Value);
            }
        }

        return edits.Count == 0 ? null : new SessionLocksRewrite(target, edits);
    }

    public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var (original, replacement) in _edits)
        {
            editor.ReplaceNode(original[0], SyntaxHelpers.Tidy(replacement).WithTriviaFrom(original[0]));
            foreach (var removed in original.Skip(1))
            {
                editor.RemoveNode(removed, SyntaxRemoveOptions.KeepNoTrivia);
            }
        }

        var declaration = _target.Declaration;
        editor.ReplaceNode(declaration, RuntimeFieldRetype.Retype(_target.Declarator, "SessionLocks", "SessionLocksOptions", ((INamedTypeSymbol)_target.Symbol.Type).TypeArguments[0]));
        return await ImportCleanup.AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>var gate = _locks.GetOrAdd(key, …); [await] gate.Wait[Async]([ct]); try { body } finally { gate.Release(); }</c></summary>
    private static (List<StatementSyntax>, StatementSyntax)? Acquisition(MemberAccessExpressionSyntax getOrAdd, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (getOrAdd.Parent is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } lookup ||
            lookup.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax gateVariable } ||
            gateVariable.Parent?.Parent is not LocalDeclarationStatementSyntax { Parent: BlockSyntax block } declaration)
        {
            return null;
        }

        var index = block.Statements.IndexOf(declaration);
        if (index + 2 >= block.Statements.Count ||
            block.Statements[index + 1] is not ExpressionStatementSyntax { Expression: var waitExpression } wait ||
            block.Statements[index + 2] is not TryStatementSyntax { Catches.Count: 0, Finally.Block.Statements.Count: 1 } tryStatement ||
            tryStatement.Finally!.Block.Statements[0] is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax release })
        {
            return null;
        }

        var gate = gateVariable.Identifier.ValueText;
        var isAsync = waitExpression is AwaitExpressionSyntax;
        var waitCall = Unwrap(isAsync ? ((AwaitExpressionSyntax)waitExpression).Expression : waitExpression);
        if (waitCall is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax waitTarget, Name.Identifier.ValueText: var waitName } } waitInvocation ||
            waitTarget.Identifier.ValueText != gate ||
            waitName != (isAsync ? "WaitAsync" : "Wait") ||
            waitInvocation.ArgumentList.Arguments.Count > 1 ||
            (waitInvocation.ArgumentList.Arguments.Count == 1 &&
             semanticModel.GetTypeInfo(waitInvocation.ArgumentList.Arguments[0].Expression, cancellationToken).Type?.Name != "CancellationToken") ||
            release.Expression is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax releaseTarget, Name.Identifier.ValueText: "Release" } ||
            releaseTarget.Identifier.ValueText != gate ||
            release.ArgumentList.Arguments.Count != 0 ||
            tryStatement.Block.DescendantNodes().OfType<IdentifierNameSyntax>().Any(id => id.Identifier.ValueText == gate))
        {
            return null;
        }

        var acquireArguments = new List<ArgumentSyntax> { Argument(lookup.ArgumentList.Arguments[0].Expression.WithoutTrivia()) };
        acquireArguments.AddRange(waitInvocation.ArgumentList.Arguments.Select(a => a.WithoutTrivia()));
        ExpressionSyntax acquire = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, getOrAdd.Expression.WithoutTrivia(), IdentifierName(isAsync ? "AcquireAsync" : "Acquire")),
            ArgumentList(SeparatedList(acquireArguments)));
        if (isAsync)
        {
            acquire = AwaitExpression(acquire);
        }

        var statements = new List<StatementSyntax> { declaration, wait, tryStatement };
        return (statements, UsingStatement(null, acquire, tryStatement.Block));
    }

    /// <summary><c>_locks.TryRemove(key, out _);</c> as a statement.</summary>
    private static (List<StatementSyntax>, StatementSyntax)? Removal(MemberAccessExpressionSyntax tryRemove)
    {
        if (tryRemove.Parent is not InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement })
        {
            return null;
        }

        var sweep = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, tryRemove.Expression.WithoutTrivia(), IdentifierName("Sweep")),
            ArgumentList(SingletonSeparatedList(Argument(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxHelpers.TypeReference("System.TimeSpan"), IdentifierName("Zero"))))));
        return (new List<StatementSyntax> { statement }, ExpressionStatement(sweep));
    }

    private static ExpressionSyntax Unwrap(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var inner } }
            ? inner
            : expression;
}
