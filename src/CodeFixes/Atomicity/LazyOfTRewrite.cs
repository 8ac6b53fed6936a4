using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// Rewrites a lazily initialized field to <c>Lazy&lt;T&gt;</c>, every use in the type at once:
/// <c>private T? _f;</c> becomes <c>private readonly Lazy&lt;T&gt; _f = new Lazy&lt;T&gt;(() =&gt; Create());</c>
/// (<c>ExecutionAndPublication</c>: the factory runs once), the lazy-initialization sites
/// (<c>if (_f == null) _f = Create();</c>, <c>_f ??= Create()</c>, <c>_f ?? (_f = Create())</c>) go or become
/// <c>_f.Value</c>, and every other read becomes <c>_f.Value</c>. Offered only when that is exact and compiles: a
/// private reference-type field, written only by its lazy-initialization sites, all with the same value; never tested
/// for null elsewhere (<c>_f?.Dispose()</c> would now create it); and a value a field initializer can compute (nothing
/// of the instance, no locals or parameters).
/// </summary>
internal sealed class LazyOfTRewrite : IFieldRewrite
{
    private readonly RewritableField _target;
    private readonly TypeSyntax _valueType;
    private readonly ExpressionSyntax _value;
    private readonly List<SyntaxNode> _removed;
    private readonly List<ExpressionSyntax> _reads;

    private LazyOfTRewrite(RewritableField target, TypeSyntax valueType, ExpressionSyntax value, List<SyntaxNode> removed, List<ExpressionSyntax> reads)
    {
        _target = target;
        _valueType = valueType;
        _value = value;
        _removed = removed;
        _reads = reads;
    }

    public string FieldName => _target.Symbol.Name;

    /// <summary>The new type of the field, as the action's title names it: <c>Lazy&lt;T&gt;</c>.</summary>
    public string LazyTypeName => $"Lazy<{_valueType.WithoutTrivia()}>";

    /// <summary>The rewrite of the field lazily initialized at <paramref name="node"/>, or null when it does not apply.</summary>
    public static IFieldRewrite? TryCreate(SyntaxNode root, SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken)
    {
        var symbol = node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Select(name => semanticModel.GetSymbolInfo(name, cancellationToken).Symbol)
            .OfType<IFieldSymbol>()
            .FirstOrDefault();
        if (RewritableField.From(symbol, root, cancellationToken) is not { } target ||
            target.Symbol.ContainingType.TypeKind != TypeKind.Class ||
            !target.Symbol.Type.IsReferenceType ||
            target.Symbol.IsReadOnly || target.Symbol.IsVolatile ||
            target.Declarator.Initializer?.Value is { } initial && !initial.IsKind(SyntaxKind.NullLiteralExpression) && !initial.IsKind(SyntaxKind.DefaultLiteralExpression))
        {
            return null;
        }

        var removed = new List<SyntaxNode>();
        var reads = new List<ExpressionSyntax>();
        var values = new List<ExpressionSyntax>();
        var covered = new List<SyntaxNode>();
        foreach (var use in target.Uses(semanticModel, cancellationToken))
        {
            if (covered.Any(c => c.Span.Contains(use.Span)) || IsInNameOf(use))
            {
                continue;
            }

            if (Site(use, target, semanticModel, cancellationToken) is { } site)
            {
                covered.Add(site.Node);
                values.Add(site.Value);
                if (site.Removed)
                {
                    removed.Add(site.Node);
                }
                else
                {
                    reads.Add((ExpressionSyntax)site.Node);
                }

                continue;
            }

            if (IsWrittenOrNullTested(use))
            {
                return null;
            }

            reads.Add(use);
        }

        if (values.Count == 0 ||
            values.Any(v => !SyntaxFactory.AreEquivalent(v, values[0])) ||
            !NeedsNoInstance(values[0], target.Symbol, semanticModel, cancellationToken))
        {
            return null;
        }

        var declaredType = target.Declaration.Declaration.Type;
        var valueType = declaredType is NullableTypeSyntax nullable ? nullable.ElementType : declaredType;
        return new LazyOfTRewrite(target, valueType, values[0], removed, reads);
    }

    public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var read in _reads)
        {
            var field = read switch
            {
                AssignmentExpressionSyntax coalesceAssignment => coalesceAssignment.Left,
                BinaryExpressionSyntax coalesce => coalesce.Left,
                _ => read,
            };
            editor.ReplaceNode(read, MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, field.WithoutTrivia(), IdentifierName("Value")).WithTriviaFrom(read));
        }

        // After the reads: a removal may re-indent the statement after it, reads included.
        foreach (var statement in _removed)
        {
            Remove(editor, (StatementSyntax)statement);
        }

        var lazyType = ParseTypeName($"global::System.Lazy<{_valueType.WithoutTrivia()}>")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var declaration = _target.Declaration;
        var modifiers = declaration.Modifiers;
        if (!modifiers.Any(SyntaxKind.ReadOnlyKeyword))
        {
            modifiers = modifiers.Add(Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(Space));
        }

        var creation = ObjectCreationExpression(lazyType)
            .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(ParenthesizedLambdaExpression(_value.WithoutTrivia())))));
        var updated = declaration
            .WithModifiers(modifiers)
            .WithDeclaration(declaration.Declaration
                .WithType(lazyType.WithTrailingTrivia(declaration.Declaration.Type.GetTrailingTrivia()))
                .WithVariables(SingletonSeparatedList(_target.Declarator
                    .WithIdentifier(_target.Declarator.Identifier.WithTrailingTrivia(Space))
                    .WithInitializer(EqualsValueClause(creation)))))
            .WithLeadingTrivia(declaration.GetLeadingTrivia());
        editor.ReplaceNode(declaration, SyntaxHelpers.Tidy(updated));
        return await ImportCleanup.AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes an initialization statement. Its comments move to the statement after it. Without comments its line goes,
    /// and so does a blank line it would leave at the top of the block.
    /// </summary>
    private static void Remove(DocumentEditor editor, StatementSyntax statement)
    {
        var leading = statement.GetLeadingTrivia();
        var lastComment = -1;
        for (var i = 0; i < leading.Count; i++)
        {
            if (leading[i].IsKind(SyntaxKind.SingleLineCommentTrivia) || leading[i].IsKind(SyntaxKind.MultiLineCommentTrivia))
            {
                lastComment = i;
            }
        }

        var block = statement.Parent as BlockSyntax;
        var index = block?.Statements.IndexOf(statement) ?? -1;
        var next = index >= 0 && index + 1 < block!.Statements.Count ? block.Statements[index + 1] : null;
        if (next is null)
        {
            editor.RemoveNode(statement, lastComment < 0 ? SyntaxRemoveOptions.KeepNoTrivia : SyntaxRemoveOptions.KeepExteriorTrivia);
            return;
        }

        editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
        if (lastComment >= 0)
        {
            var keep = lastComment + 1 < leading.Count && leading[lastComment + 1].IsKind(SyntaxKind.EndOfLineTrivia) ? lastComment + 2 : lastComment + 1;
            var comments = leading.Take(keep).ToList();
            editor.ReplaceNode(next, (current, _) => current.WithLeadingTrivia(comments.Concat(WithoutBlankLines(current.GetLeadingTrivia()))));
        }
        else if (index == 0)
        {
            editor.ReplaceNode(next, (current, _) => current.WithLeadingTrivia(WithoutBlankLines(current.GetLeadingTrivia())));
        }
    }

    /// <summary>Leading trivia without the blank lines it starts with; the indentation of the line stays.</summary>
    private static IEnumerable<SyntaxTrivia> WithoutBlankLines(SyntaxTriviaList leading)
    {
        var blank = leading.TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia)).ToList();
        var lastEndOfLine = blank.FindLastIndex(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return leading.Skip(lastEndOfLine + 1);
    }

    /// <summary>
    /// The lazy-initialization site of the field at <paramref name="use"/>: <c>if (_f == null) _f = V;</c> and
    /// <c>_f ??= V;</c> as statements (removed), <c>_f ??= V</c> and <c>_f ?? (_f = V)</c> as expressions (become
    /// <c>_f.Value</c>).
    /// </summary>
    private static (SyntaxNode Node, ExpressionSyntax Value, bool Removed)? Site(ExpressionSyntax use, RewritableField target, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        switch (use.Parent)
        {
            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression } coalesceAssignment when coalesceAssignment.Left == use:
                if (coalesceAssignment.Parent is ExpressionStatementSyntax statement)
                {
                    return IsRemovable(statement) ? (statement, coalesceAssignment.Right, true) : null;
                }

                return (coalesceAssignment, coalesceAssignment.Right, false);

            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce when coalesce.Left == use &&
                Unparenthesized(coalesce.Right) is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } inner &&
                IsTarget(inner.Left, target, semanticModel, cancellationToken):
                return coalesce.Parent is ExpressionStatementSyntax ? null : (coalesce, inner.Right, false);
        }

        var check = use.Parent is ParenthesizedExpressionSyntax ? use.Parent : use;
        var condition = check.Parent switch
        {
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression } equals when IsNull(equals.Left == check ? equals.Right : equals.Left) => equals,
            IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } } isNull when isNull.Expression == check && IsNull(constant) => (ExpressionSyntax)isNull,
            _ => null,
        };
        if (condition?.Parent is IfStatementSyntax { Else: null } ifStatement && ifStatement.Condition == condition && IsRemovable(ifStatement) &&
            (ifStatement.Statement is BlockSyntax { Statements.Count: 1 } block ? block.Statements[0] : ifStatement.Statement) is
                ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment } &&
            IsTarget(assignment.Left, target, semanticModel, cancellationToken))
        {
            return (ifStatement, assignment.Right, true);
        }

        return null;
    }

    private static bool IsTarget(ExpressionSyntax expression, RewritableField target, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } &&
        SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(expression, cancellationToken).Symbol, target.Symbol);

    /// <summary>A statement the rewrite can delete: one of a block's or a switch section's statements.</summary>
    private static bool IsRemovable(StatementSyntax statement) => statement.Parent is BlockSyntax or SwitchSectionSyntax;

    private static bool IsNull(ExpressionSyntax expression) =>
        expression.IsKind(SyntaxKind.NullLiteralExpression) || expression.IsKind(SyntaxKind.DefaultLiteralExpression);

    private static ExpressionSyntax Unparenthesized(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    private static bool IsInNameOf(SyntaxNode use) =>
        use.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

    /// <summary>
    /// A use other than a plain read: a write of any kind (a second initialization, a reset to null), or a test whether the
    /// value exists yet (<c>== null</c>, <c>is</c>, <c>?.</c>, <c>??</c>), which <c>_f.Value</c> would answer by creating it.
    /// </summary>
    private static bool IsWrittenOrNullTested(ExpressionSyntax use)
    {
        var expression = use;
        while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized;
        }

        return expression.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == expression,
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None) || argument.Parent is TupleExpressionSyntax,
            RefExpressionSyntax => true,
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression or (int)SyntaxKind.CoalesceExpression } => true,
            IsPatternExpressionSyntax or ConditionalAccessExpressionSyntax => true,
            _ => false,
        };
    }

    /// <summary>
    /// Whether the value can be computed in a field initializer: it uses no instance member, <c>this</c> or <c>base</c>, no
    /// local or parameter of the method, and not the field itself.
    /// </summary>
    private static bool NeedsNoInstance(ExpressionSyntax value, IFieldSymbol field, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        foreach (var node in value.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case ThisExpressionSyntax or BaseExpressionSyntax:
                    return false;

                case SimpleNameSyntax name when !IsMemberName(name):
                    var symbol = semanticModel.GetSymbolInfo(name, cancellationToken).Symbol;
                    if (SymbolEqualityComparer.Default.Equals(symbol, field))
                    {
                        return false;
                    }

                    switch (symbol)
                    {
                        case null:
                            return false;

                        case ILocalSymbol or IParameterSymbol or IRangeVariableSymbol:
                            // Lambda parameters and locals declared inside the value itself are its own.
                            if (!symbol.DeclaringSyntaxReferences.Any(r => value.Span.Contains(r.Span)))
                            {
                                return false;
                            }

                            break;

                        case IMethodSymbol { MethodKind: MethodKind.LocalFunction }:
                            return false;

                        case IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol when !symbol.IsStatic:
                            return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// A name bound through something else: the <c>Name</c> of <c>x.Name</c>, <c>x?.Name</c> or <c>A.Name</c>, a member set
    /// in an object initializer (<c>new T { Name = … }</c>), an argument's name (<c>Name: …</c>).
    /// </summary>
    private static bool IsMemberName(SimpleNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Name == name,
        MemberBindingExpressionSyntax => true,
        QualifiedNameSyntax qualified => qualified.Right == name,
        AliasQualifiedNameSyntax alias => alias.Name == name,
        AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ObjectInitializerExpression } } assignment => assignment.Left == name,
        NameColonSyntax or NameEqualsSyntax => true,
        _ => false,
    };
}
