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
/// Rewrites a get-or-create <c>Dictionary&lt;TKey, TValue&gt;</c> field to Guarded.Runtime's
/// <c>DoubleCheckedCache&lt;TKey, TValue&gt;</c>, every use in the type at once: the get-or-create sites become
/// <c>GetOrAdd</c>, and <c>TryGetValue</c>, <c>ContainsKey</c>, <c>Remove</c>, <c>Clear</c> and <c>Count</c> their cache
/// equivalents. Offered only when every use maps; otherwise the plain guard fix remains.
/// </summary>
internal sealed class DoubleCheckedCacheRewrite : IFieldRewrite
{
    private const string CacheType = "Guarded.DoubleCheckedCache`2";
    private readonly RewritableField _target;
    /// <summary>The edits; a null replacement removes the node.</summary>
    private readonly List<(SyntaxNode Original, SyntaxNode? Replacement)> _edits;

    private DoubleCheckedCacheRewrite(RewritableField target, List<(SyntaxNode, SyntaxNode?)> edits)
    {
        _target = target;
        _edits = edits;
    }

    public string FieldName => _target.Symbol.Name;

    /// <summary>Whether the rewrite replaces <paramref name="node"/> (e.g. the get-or-create <c>if</c> a diagnostic is on).</summary>
    public bool Replaces(SyntaxNode node) => _edits.Any(edit => edit.Original == node);

    /// <summary>The rewrite of the field checked at <paramref name="checkNode"/>, or null when it does not apply.</summary>
    public static IFieldRewrite? TryCreate(SyntaxNode root, SemanticModel semanticModel, SyntaxNode checkNode, CancellationToken cancellationToken)
    {
        if (semanticModel.Compilation.GetTypeByMetadataName(CacheType) is null ||
            checkNode.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax access } ||
            RewritableField.From(semanticModel.GetSymbolInfo(access.Expression, cancellationToken).Symbol, root, cancellationToken) is not { } target ||
            target.Symbol.Type is not INamedTypeSymbol { Name: "Dictionary", TypeArguments.Length: 2 } dictionary ||
            dictionary.ContainingNamespace.ToDisplayString() != "System.Collections.Generic")
        {
            return null;
        }

        var edits = new List<(SyntaxNode, SyntaxNode?)>();
        var covered = new List<SyntaxNode>();
        var gates = new List<ExpressionSyntax>();
        var references = target.Uses(semanticModel, cancellationToken).ToList();
        foreach (var receiver in references)
        {
            if (covered.Any(c => c.Span.Contains(receiver.Span)))
            {
                continue;
            }

            if (GetOrCreateSite(receiver, dictionary.TypeArguments[0], semanticModel, cancellationToken) is { } site)
            {
                edits.AddRange(site.Edits);
                covered.AddRange(site.Edits.Select(edit => edit.Item1));
                if (site.Gate is not null)
                {
                    gates.Add(site.Gate);
                }

                continue;
            }

            if (MappedUse(receiver) is not { } mapped)
            {
                return null;
            }

            edits.Add(mapped);
            covered.Add(mapped.Item1);
        }

        if (edits.Count == 0)
        {
            return null;
        }

        edits.AddRange(UnusedGates(gates, covered, root, semanticModel, cancellationToken));
        return new DoubleCheckedCacheRewrite(target, edits);
    }

    /// <summary>
    /// The declarations of the lock fields that only the replaced double-checked blocks used: with the cache doing the
    /// double check, a user would delete them.
    /// </summary>
    private static IEnumerable<(SyntaxNode, SyntaxNode?)> UnusedGates(List<ExpressionSyntax> gates, List<SyntaxNode> covered, SyntaxNode root, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var gate in gates)
        {
            if (RewritableField.From(semanticModel.GetSymbolInfo(gate, cancellationToken).Symbol, root, cancellationToken) is { } field &&
                seen.Add(field.Symbol) &&
                field.Uses(semanticModel, cancellationToken).All(use => covered.Any(c => c.Span.Contains(use.Span))))
            {
                yield return (field.Declaration, null);
            }
        }
    }

    public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var (original, replacement) in _edits)
        {
            if (replacement is null)
            {
                editor.RemoveNode(original);
            }
            else
            {
                editor.ReplaceNode(original, SyntaxHelpers.Tidy(replacement).WithTriviaFrom(original));
            }
        }

        var declaration = _target.Declaration;
        var dictionary = (INamedTypeSymbol)_target.Symbol.Type;
        editor.ReplaceNode(declaration, RuntimeFieldRetype.Retype(_target.Declarator, "DoubleCheckedCache", "DoubleCheckedCacheOptions", dictionary.TypeArguments[0], dictionary.TypeArguments[1]));
        return await ImportCleanup.AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>if (!_d.TryGetValue(k, out var v)) { v = E; _d[k] = v; }</c> → <c>var v = _d.GetOrAdd(k, key =&gt; E);</c> (the factory reads its parameter, not the captured key), and
    /// <c>if (!_d.ContainsKey(k)) { _d[k] = E; }</c> (or <c>_d.Add(k, E)</c>) → <c>_d.GetOrAdd(k, _ =&gt; E);</c>; also
    /// when the check is double-checked around a <c>lock</c> (<c>if (!_d.ContainsKey(k)) lock (g) { if (!_d.ContainsKey(k)) … }</c>).
    /// </summary>
    private static (List<(SyntaxNode, SyntaxNode?)> Edits, ExpressionSyntax? Gate)? GetOrCreateSite(ExpressionSyntax receiver, ITypeSymbol keyType, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (receiver.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var method } access ||
            access.Parent is not InvocationExpressionSyntax check ||
            check.Parent is not PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not ||
            not.Parent is not IfStatementSyntax { Else: null } ifStatement ||
            check.ArgumentList.Arguments.Count == 0)
        {
            return null;
        }

        // A double-checked lock around the same check is replaced whole: the cache does the double check.
        var doubleChecked = DoubleCheckedLockSyntax.Match(ifStatement);
        var gate = doubleChecked?.Lock.Expression;
        var body = doubleChecked is { } match ? match.Inner.Statement : ifStatement.Statement;
        var key = check.ArgumentList.Arguments[0].Expression;
        var statements = body is BlockSyntax block ? block.Statements.ToList() : new List<StatementSyntax> { body };
        if (method == "TryGetValue" && check.ArgumentList.Arguments.Count == 2 && statements.Count == 2 &&
            statements[0] is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax assigned } create } &&
            statements[1] is ExpressionStatementSyntax { Expression: var store } &&
            Stored(store, receiver, key) is IdentifierNameSyntax stored && stored.Identifier.ValueText == assigned.Identifier.ValueText)
        {
            var getOrAdd = GetOrAdd(receiver, key, SyntaxHelpers.KeyedFactory(key, create.Right, keyType, semanticModel, cancellationToken));
            switch (check.ArgumentList.Arguments[1].Expression)
            {
                case DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax designation } declaration when designation.Identifier.ValueText == assigned.Identifier.ValueText:
                    return (Edits(ifStatement, LocalDeclarationStatement(VariableDeclaration(declaration.Type).AddVariables(VariableDeclarator(designation.Identifier).WithInitializer(EqualsValueClause(getOrAdd))))), gate);
                case IdentifierNameSyntax output when output.Identifier.ValueText == assigned.Identifier.ValueText:
                    // string v; if (…) { … }  →  string v = _d.GetOrAdd(…);
                    if (UninitializedDeclarationBefore(ifStatement, output.Identifier.ValueText) is { } uninitialized)
                    {
                        var variable = uninitialized.Declaration.Variables[0].WithInitializer(EqualsValueClause(getOrAdd));
                        return (new List<(SyntaxNode, SyntaxNode?)>
                        {
                            (ifStatement, uninitialized.WithDeclaration(uninitialized.Declaration.WithVariables(SingletonSeparatedList(variable)))),
                            (uninitialized, null),
                        }, gate);
                    }

                    return (Edits(ifStatement, ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, output, getOrAdd))), gate);
                default:
                    return null;
            }
        }

        if (method == "ContainsKey" && statements.Count == 1 && statements[0] is ExpressionStatementSyntax { Expression: var only } &&
            Stored(only, receiver, key) is { } value)
        {
            return (Edits(ifStatement, ExpressionStatement(GetOrAdd(receiver, key, SyntaxHelpers.KeyedFactory(key, value, keyType, semanticModel, cancellationToken)))), gate);
        }

        return null;
    }

    private static List<(SyntaxNode, SyntaxNode?)> Edits(SyntaxNode original, SyntaxNode replacement) => new() { (original, replacement) };

    /// <summary><c>T v;</c> (one variable, no initializer) right before <paramref name="statement"/> in its block, or null.</summary>
    private static LocalDeclarationStatementSyntax? UninitializedDeclarationBefore(StatementSyntax statement, string variable)
    {
        if (statement.Parent is not BlockSyntax block)
        {
            return null;
        }

        int index = block.Statements.IndexOf(statement);
        return index > 0 &&
               block.Statements[index - 1] is LocalDeclarationStatementSyntax { IsConst: false, UsingKeyword.RawKind: (int)SyntaxKind.None, Declaration.Variables.Count: 1 } declaration &&
               declaration.Declaration.Variables[0] is { Initializer: null } declarator &&
               declarator.Identifier.ValueText == variable
            ? declaration
            : null;
    }

    /// <summary>The value stored by <c>_d[k] = v</c> or <c>_d.Add(k, v)</c> on the same field and key.</summary>
    private static ExpressionSyntax? Stored(ExpressionSyntax statement, ExpressionSyntax receiver, ExpressionSyntax key) => statement switch
    {
        AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: ElementAccessExpressionSyntax element } assignment
            when AreEquivalent(element.Expression, receiver) && element.ArgumentList.Arguments.Count == 1 && AreEquivalent(element.ArgumentList.Arguments[0].Expression, key)
            => assignment.Right,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add" } add } invocation
            when AreEquivalent(add.Expression, receiver) && invocation.ArgumentList.Arguments.Count == 2 && AreEquivalent(invocation.ArgumentList.Arguments[0].Expression, key)
            => invocation.ArgumentList.Arguments[1].Expression,
        _ => null,
    };

    /// <summary>Every other use, mapped to the cache's API; null when the use has no equivalent (indexers, enumeration, escaping the field).</summary>
    private static (SyntaxNode, SyntaxNode)? MappedUse(ExpressionSyntax receiver)
    {
        if (receiver.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var member } access || access.Expression != receiver)
        {
            return null;
        }

        if (member == "Count")
        {
            return (access, access);
        }

        if (access.Parent is not InvocationExpressionSyntax invocation)
        {
            return null;
        }

        var arguments = invocation.ArgumentList.Arguments;
        return member switch
        {
            "TryGetValue" when arguments.Count == 2 => (invocation, invocation.WithExpression(access.WithName(IdentifierName("TryGet")))),
            "ContainsKey" when arguments.Count == 1 => (invocation, invocation.WithExpression(access.WithName(IdentifierName("TryGet")))
                .AddArgumentListArguments(Argument(IdentifierName("_")).WithRefKindKeyword(Token(SyntaxKind.OutKeyword)))),
            "Remove" when arguments.Count == 1 => (invocation, invocation.WithExpression(access.WithName(IdentifierName("Invalidate")))),
            "Clear" when arguments.Count == 0 => (invocation, invocation),
            _ => null,
        };
    }

    private static InvocationExpressionSyntax GetOrAdd(ExpressionSyntax receiver, ExpressionSyntax key, LambdaExpressionSyntax factory) =>
        InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrivia(), IdentifierName("GetOrAdd")),
            ArgumentList(SeparatedList(new[] { Argument(key.WithoutTrivia()), Argument(factory) })));
}
