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
/// Rewrites a whole double-checked <c>lock</c> block to <c>LazyInitializer.EnsureInitialized</c>, which does the
/// same double check with the memory ordering right and runs the factory under the lock, once:
/// <list type="bullet">
/// <item>flag form: <c>if (!_loaded) lock (_gate) { if (!_loaded) { _items = E; _loaded = true; } }</c> →
/// <c>LazyInitializer.EnsureInitialized(ref _items, ref _loaded, ref _gate, () =&gt; E)</c>;</item>
/// <item>null form: <c>if (_c == null) lock (_gate) { if (_c == null) { _c = new C(); _c.Open(); } }</c> →
/// <c>LazyInitializer.EnsureInitialized(ref _c, ref _gate, () =&gt; { var c = new C(); c.Open(); return c; })</c>.</item>
/// </list>
/// A <c>return _items;</c> right after the block returns the call instead. The lock object is passed by <c>ref</c>, so it
/// must be a writable <c>object</c> field (the same monitor as before); a gate used by this lock alone becomes a plain
/// <c>object?</c> field that <c>EnsureInitialized</c> fills. Offered only when the rewrite is exact: every write of the
/// field(s) is in the block, the block does nothing else, and nothing in it needs the enclosing method (jumps,
/// <c>await</c>, <c>ref</c> locals).
/// </summary>
internal sealed class EnsureInitializedRewrite : IFieldRewrite
{
    private readonly IfStatementSyntax _outer;
    private readonly ReturnStatementSyntax? _return;
    private readonly InvocationExpressionSyntax _call;
    private readonly FieldDeclarationSyntax? _gateDeclaration;
    private readonly FieldDeclarationSyntax? _gateReplacement;

    private EnsureInitializedRewrite(string fieldName, IfStatementSyntax outer, ReturnStatementSyntax? @return, InvocationExpressionSyntax call, FieldDeclarationSyntax? gateDeclaration, FieldDeclarationSyntax? gateReplacement)
    {
        FieldName = fieldName;
        _outer = outer;
        _return = @return;
        _call = call;
        _gateDeclaration = gateDeclaration;
        _gateReplacement = gateReplacement;
    }

    public string FieldName { get; }

    /// <summary>The rewrite of the double-checked block around <paramref name="node"/>, or null when it is not exact.</summary>
    public static IFieldRewrite? TryCreate(SyntaxNode root, SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken)
    {
        var outer = node.AncestorsAndSelf().OfType<IfStatementSyntax>().FirstOrDefault(i => DoubleCheckedLockSyntax.Match(i) is not null);
        if (outer is null || DoubleCheckedLockSyntax.Match(outer) is not { } doubleChecked ||
            semanticModel.GetEnclosingSymbol(outer.SpanStart, cancellationToken)?.ContainingType is not { TypeKind: TypeKind.Class } ||
            Gate(root, semanticModel, doubleChecked.Lock, cancellationToken) is not { } gate)
        {
            return null;
        }

        var inner = doubleChecked.Inner;
        var statements = inner.Statement is BlockSyntax block ? block.Statements.ToList() : new List<StatementSyntax> { inner.Statement };
        if (!CanMoveIntoLambda(statements, semanticModel, cancellationToken))
        {
            return null;
        }

        var plan = FlagForm(root, semanticModel, outer.Condition, statements, cancellationToken)
            ?? NullForm(root, semanticModel, outer.Condition, statements, cancellationToken);
        if (plan is not { } planned)
        {
            return null;
        }

        var (target, arguments) = planned;
        arguments.Insert(arguments.Count - 1, SyntaxHelpers.RefArgument(gate.Gate));
        var call = SyntaxHelpers.Call(SyntaxHelpers.TypeReference("System.Threading.LazyInitializer"), "EnsureInitialized", arguments.ToArray());
        return new EnsureInitializedRewrite(target.Symbol.Name, outer, ReturnOf(outer, target.Symbol, semanticModel, cancellationToken), call, gate.Declaration, gate.Replacement);
    }

    public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        if (_return is null)
        {
            editor.ReplaceNode(_outer, SyntaxHelpers.Tidy(ExpressionStatement(_call)).WithTriviaFrom(_outer));
        }
        else
        {
            editor.ReplaceNode(_outer, SyntaxHelpers.Tidy(ReturnStatement(_call))
                .WithLeadingTrivia(_outer.GetLeadingTrivia())
                .WithTrailingTrivia(_return.GetTrailingTrivia()));
            editor.RemoveNode(_return, SyntaxRemoveOptions.KeepNoTrivia);
        }

        if (_gateDeclaration is not null && _gateReplacement is not null)
        {
            editor.ReplaceNode(_gateDeclaration, _gateReplacement);
        }

        return await ImportCleanup.AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>if (!_flag) … { [S…;] _target = E; _flag = true; }</c>: the target and the arguments
    /// <c>ref _target, ref _flag, () =&gt; E</c> (the gate goes before the factory).
    /// </summary>
    private static (RewritableField Target, List<ArgumentSyntax> Arguments)? FlagForm(SyntaxNode root, SemanticModel semanticModel, ExpressionSyntax condition, List<StatementSyntax> statements, CancellationToken cancellationToken)
    {
        if (condition is not PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: var operand } ||
            !IsFieldName(operand) ||
            RewritableField.From(semanticModel.GetSymbolInfo(operand, cancellationToken).Symbol, root, cancellationToken) is not { } flag ||
            flag.Symbol.Type.SpecialType != SpecialType.System_Boolean ||
            statements.Count < 2 ||
            statements[statements.Count - 1] is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Right.RawKind: (int)SyntaxKind.TrueLiteralExpression } setFlag } ||
            !SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(setFlag.Left, cancellationToken).Symbol, flag.Symbol) ||
            statements[statements.Count - 2] is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } store } ||
            !IsFieldName(store.Left) ||
            RewritableField.From(semanticModel.GetSymbolInfo(store.Left, cancellationToken).Symbol, root, cancellationToken) is not { } target ||
            SymbolEqualityComparer.Default.Equals(target.Symbol, flag.Symbol) ||
            !IsRefWritable(flag.Symbol) || !IsRefWritable(target.Symbol) ||
            !OnlyWrite(flag, setFlag.Left, semanticModel, cancellationToken) ||
            !OnlyWrite(target, store.Left, semanticModel, cancellationToken))
        {
            return null;
        }

        var prefix = statements.Take(statements.Count - 2).ToList();
        var factory = prefix.Count == 0
            ? ParenthesizedLambdaExpression(store.Right.WithoutTrivia())
            : ParenthesizedLambdaExpression(Block(prefix.Append(ReturnStatement(store.Right.WithoutTrivia()))));
        return (target, new List<ArgumentSyntax>
        {
            SyntaxHelpers.RefArgument(store.Left),
            SyntaxHelpers.RefArgument(operand),
            Argument(factory),
        });
    }

    /// <summary>
    /// <c>if (_c == null) … { [S…;] _c = V; [T…;] }</c> with <c>V</c> never null: the target and the arguments
    /// <c>ref _c, () =&gt; { S…; var c = V; T…; return c; }</c>, the later statements working on the local.
    /// </summary>
    private static (RewritableField Target, List<ArgumentSyntax> Arguments)? NullForm(SyntaxNode root, SemanticModel semanticModel, ExpressionSyntax condition, List<StatementSyntax> statements, CancellationToken cancellationToken)
    {
        if (NullChecked(condition) is not { } checkedField ||
            RewritableField.From(semanticModel.GetSymbolInfo(checkedField, cancellationToken).Symbol, root, cancellationToken) is not { } target ||
            !target.Symbol.Type.IsReferenceType ||
            !IsRefWritable(target.Symbol))
        {
            return null;
        }

        var index = statements.FindIndex(s =>
            s is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } a } &&
            IsFieldName(a.Left) &&
            SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(a.Left, cancellationToken).Symbol, target.Symbol));
        if (index < 0)
        {
            return null;
        }

        var assignment = (AssignmentExpressionSyntax)((ExpressionStatementSyntax)statements[index]).Expression;
        if (!IsNeverNull(assignment.Right, semanticModel, cancellationToken) ||
            !OnlyWrite(target, assignment.Left, semanticModel, cancellationToken) ||
            statements.Take(index).Any(s => SyntaxHelpers.ReferencesTo(s, target.Symbol, semanticModel, cancellationToken).Any()) ||
            SyntaxHelpers.ReferencesTo(assignment.Right, target.Symbol, semanticModel, cancellationToken).Any())
        {
            return null;
        }

        var after = statements.Skip(index + 1).ToList();
        ExpressionSyntax factory;
        if (index == 0 && after.Count == 0)
        {
            factory = ParenthesizedLambdaExpression(assignment.Right.WithoutTrivia());
        }
        else
        {
            var taken = statements.SelectMany(s => s.DescendantNodesAndSelf()).OfType<VariableDeclaratorSyntax>().Select(d => d.Identifier.ValueText).ToList();
            var local = Naming.FreeName(Naming.StemOf(target.Symbol.Name), semanticModel, statements[index].SpanStart, taken);
            var body = statements.Take(index).ToList();
            body.Add(LocalDeclarationStatement(
                    VariableDeclaration(IdentifierName("var"))
                        .AddVariables(VariableDeclarator(local).WithInitializer(EqualsValueClause(assignment.Right.WithoutTrivia()))))
                .WithTriviaFrom(statements[index]));
            foreach (var statement in after)
            {
                var uses = SyntaxHelpers.ReferencesTo(statement, target.Symbol, semanticModel, cancellationToken)
                    .Select(RewritableField.UseOf)
                    .ToList();
                body.Add(statement.ReplaceNodes(uses, (original, _) => IdentifierName(local).WithTriviaFrom(original)));
            }

            body.Add(ReturnStatement(IdentifierName(local)));
            factory = ParenthesizedLambdaExpression(Block(body));
        }

        return (target, new List<ArgumentSyntax> { SyntaxHelpers.RefArgument(assignment.Left), Argument(factory) });
    }

    /// <summary>The field in <c>_f == null</c>, <c>null == _f</c> or <c>_f is null</c>.</summary>
    private static ExpressionSyntax? NullChecked(ExpressionSyntax condition) => condition switch
    {
        BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression, Right.RawKind: (int)SyntaxKind.NullLiteralExpression } b when IsFieldName(b.Left) => b.Left,
        BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression, Left.RawKind: (int)SyntaxKind.NullLiteralExpression } b when IsFieldName(b.Right) => b.Right,
        IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression.RawKind: (int)SyntaxKind.NullLiteralExpression } } p when IsFieldName(p.Expression) => p.Expression,
        _ => null,
    };

    /// <summary>
    /// The <c>ref</c> argument for the lock object, and the gate's new declaration when it changes: a writable
    /// <c>object</c> field is passed as it is (the same monitor); a private gate this lock alone uses becomes
    /// <c>private object? _gate;</c>, which <c>EnsureInitialized</c> fills on first use. Anything else (a
    /// <c>readonly</c> gate shared with other locks, <c>this</c>, a local) would change what the lock excludes.
    /// </summary>
    private static (ExpressionSyntax Gate, FieldDeclarationSyntax? Declaration, FieldDeclarationSyntax? Replacement)? Gate(SyntaxNode root, SemanticModel semanticModel, LockStatementSyntax lockStatement, CancellationToken cancellationToken)
    {
        var expression = lockStatement.Expression;
        if (!IsFieldName(expression) || semanticModel.GetSymbolInfo(expression, cancellationToken).Symbol is not IFieldSymbol field)
        {
            return null;
        }

        if (field.Type.SpecialType == SpecialType.System_Object && IsRefWritable(field) && !field.DeclaringSyntaxReferences.IsEmpty)
        {
            return (expression, null, null);
        }

        if (RewritableField.From(field, root, cancellationToken) is not { } gate ||
            gate.Uses(semanticModel, cancellationToken).Count() != 1)
        {
            return null;
        }

        var declaration = gate.Declaration;
        var nullable = (semanticModel.GetNullableContext(declaration.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
        TypeSyntax type = PredefinedType(Token(SyntaxKind.ObjectKeyword));
        if (nullable)
        {
            type = NullableType(type);
        }

        var replacement = declaration
            .WithModifiers(TokenList(declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.ReadOnlyKeyword) && !m.IsKind(SyntaxKind.VolatileKeyword))))
            .WithDeclaration(declaration.Declaration
                .WithType(type.WithTriviaFrom(declaration.Declaration.Type))
                .WithVariables(SingletonSeparatedList(gate.Declarator.WithInitializer(null).WithTrailingTrivia())))
            .WithLeadingTrivia(declaration.GetLeadingTrivia());
        return (expression, declaration, replacement);
    }

    /// <summary>The <c>return _target;</c> right after the block (with no comment to lose), which the call can take the place of.</summary>
    private static ReturnStatementSyntax? ReturnOf(IfStatementSyntax outer, IFieldSymbol target, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (outer.Parent is not BlockSyntax block)
        {
            return null;
        }

        var index = block.Statements.IndexOf(outer);
        return index + 1 < block.Statements.Count &&
               block.Statements[index + 1] is ReturnStatementSyntax { Expression: { } returned } next &&
               IsFieldName(returned) &&
               !next.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)) &&
               SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(returned, cancellationToken).Symbol, target)
            ? next
            : null;
    }

    /// <summary><c>_f</c> or <c>this._f</c>: what a <c>ref</c> argument can take as it is written.</summary>
    private static bool IsFieldName(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax };

    /// <summary>A field a method may pass by <c>ref</c> without a warning: not <c>readonly</c>, not <c>volatile</c>.</summary>
    private static bool IsRefWritable(IFieldSymbol field) => !field.IsReadOnly && !field.IsVolatile && !field.IsConst;

    /// <summary>Whether <paramref name="write"/> is the only place in the type that writes <paramref name="field"/>.</summary>
    private static bool OnlyWrite(RewritableField field, ExpressionSyntax write, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var written = RewritableField.UseOf(write is MemberAccessExpressionSyntax access ? (IdentifierNameSyntax)access.Name : (IdentifierNameSyntax)write);
        var isValueType = field.Symbol.Type.IsValueType;
        return field.Uses(semanticModel, cancellationToken).All(use => use == written || !SyntaxHelpers.MayWrite(use, membersWrite: isValueType));
    }

    private static bool IsNeverNull(ExpressionSyntax value, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        value is BaseObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax ||
        semanticModel.GetTypeInfo(value, cancellationToken).Nullability.FlowState == NullableFlowState.NotNull;

    /// <summary>
    /// Whether the guarded statements mean the same inside a lambda: no jump or <c>await</c> that belongs to the
    /// method, no <c>ref</c>/<c>out</c>/<c>in</c> parameter, <c>ref</c> local or ref struct a lambda cannot capture.
    /// </summary>
    private static bool CanMoveIntoLambda(List<StatementSyntax> statements, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        foreach (var statement in statements)
        {
            foreach (var node in statement.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                var escapes = node switch
                {
                    ReturnStatementSyntax or YieldStatementSyntax or GotoStatementSyntax or AwaitExpressionSyntax => true,
                    BreakStatementSyntax or ContinueStatementSyntax => !InsideLoopOrSwitch(node, statement),
                    IdentifierNameSyntax name => CannotCapture(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, statements),
                    _ => false,
                };
                if (escapes)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A <c>ref</c>/<c>out</c>/<c>in</c> parameter, <c>ref</c> local or ref struct declared outside the statements.</summary>
    private static bool CannotCapture(ISymbol? symbol, List<StatementSyntax> statements) => symbol switch
    {
        IParameterSymbol parameter => parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType,
        ILocalSymbol local when local.IsRef || local.Type.IsRefLikeType =>
            !local.DeclaringSyntaxReferences.Any(r => statements.Any(s => s.Span.Contains(r.Span))),
        _ => false,
    };

    private static bool InsideLoopOrSwitch(SyntaxNode jump, StatementSyntax statement)
    {
        for (var current = jump.Parent; current is not null && current != statement.Parent; current = current.Parent)
        {
            if (current is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax or SwitchStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }
}
