using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// Moves a scalar field updated by read-modify-write into Guarded.Runtime's <c>VersionedLedger&lt;string, T&gt;</c>
/// under one constant key, every use in the type at once: reads become <c>Read(key).State</c>, updates become
/// <c>Update(key, state =&gt; LedgerDecision&lt;T&gt;.Commit(…))</c>, and a validated update
/// (<c>if (_balance &gt;= price) { _balance -= price; … }</c>) becomes one decision that commits or rejects inside the
/// key's critical section, with the rest of the branch running only when the update committed. Offered only when every
/// use maps; otherwise the <c>Interlocked</c> and guard fixes remain.
/// </summary>
internal sealed class VersionedLedgerRewrite : IFieldRewrite
{
    private const string LedgerType = "Guarded.VersionedLedger`2";

    private readonly RewritableField _target;
    private readonly SemanticModel _semanticModel;

    private VersionedLedgerRewrite(RewritableField target, SemanticModel semanticModel)
    {
        _target = target;
        _semanticModel = semanticModel;
    }

    public string FieldName => _target.Symbol.Name;

    /// <summary>The rewrite of the field updated at <paramref name="updateNode"/>, or null when it does not apply.</summary>
    public static IFieldRewrite? TryCreate(SyntaxNode root, SemanticModel semanticModel, SyntaxNode updateNode, CancellationToken cancellationToken)
    {
        if (semanticModel.Compilation.GetTypeByMetadataName(LedgerType) is null ||
            (updateNode is ArgumentSyntax argument ? argument.Expression : updateNode) is not ExpressionSyntax update ||
            UpdatedTarget(update) is not { } updated ||
            RewritableField.From(semanticModel.GetSymbolInfo(updated, cancellationToken).Symbol, root, cancellationToken) is not { } target ||
            target.Symbol.Type.IsRefLikeType)
        {
            return null;
        }

        var rewrite = new VersionedLedgerRewrite(target, semanticModel);
        return rewrite.EveryUseMaps(cancellationToken) ? rewrite : null;
    }

    public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var stem = Naming.StemOf(_target.Symbol.Name);
        var keyName = Naming.FreeName(char.ToUpperInvariant(stem[0]) + stem.Substring(1) + "Key", _semanticModel, _target.Type.OpenBraceToken.Span.End);
        var rewriter = new UseRewriter(this, keyName, cancellationToken);
        var rewritten = (TypeDeclarationSyntax)rewriter.Visit(_target.Type);

        var declaration = _target.Declaration;
        var index = _target.Type.Members.IndexOf(declaration);
        var key = FieldDeclaration(
                VariableDeclaration(PredefinedType(Token(SyntaxKind.StringKeyword)))
                    .AddVariables(VariableDeclarator(keyName).WithInitializer(EqualsValueClause(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(stem))))))
            .WithModifiers(TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.ConstKeyword)));
        rewritten = rewritten.WithMembers(rewritten.Members
            .Replace(rewritten.Members[index], LedgerField(declaration).WithTriviaFrom(declaration))
            .Insert(index + 1, SyntaxHelpers.Tidy(key)));
        return await ImportCleanup.AddImportsAsync(document.WithSyntaxRoot(root.ReplaceNode(_target.Type, rewritten)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The field (or <c>this.field</c>) written by an update expression: <c>f op= e</c>, <c>f = e</c>, <c>f++</c>, <c>--f</c>.</summary>
    private static ExpressionSyntax? UpdatedTarget(ExpressionSyntax expression) => expression switch
    {
        AssignmentExpressionSyntax assignment => assignment.Left,
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => postfix.Operand,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
        _ => null,
    };

    private bool IsField(ExpressionSyntax? expression, CancellationToken cancellationToken) =>
        expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } &&
        SymbolEqualityComparer.Default.Equals(_semanticModel.GetSymbolInfo(expression, cancellationToken).Symbol, _target.Symbol);

    private bool ReadsField(SyntaxNode node, CancellationToken cancellationToken) =>
        node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(id => id.Identifier.ValueText == _target.Symbol.Name && IsField(RewritableField.UseOf(id), cancellationToken));

    /// <summary>The statement <c>field op= e;</c> (or <c>field = e;</c>, <c>field++;</c>) when <paramref name="statement"/> is one.</summary>
    private ExpressionSyntax? UpdateOf(StatementSyntax statement, CancellationToken cancellationToken) =>
        statement is ExpressionStatementSyntax { Expression: var expression } && UpdatedTarget(expression) is { } target && IsField(target, cancellationToken)
            ? expression
            : null;

    /// <summary>Whether the value of <paramref name="update"/> is discarded: an expression statement, or the body of a void method.</summary>
    private static bool IsVoidBody(ExpressionSyntax update) => update.Parent switch
    {
        ExpressionStatementSyntax => true,
        ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax { ReturnType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } } } => true,
        ArrowExpressionClauseSyntax { Parent: LocalFunctionStatementSyntax { ReturnType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } } } => true,
        _ => false,
    };

    /// <summary>The validated update <c>if (check(field)) { field op= e; … }</c>: the update statement, when <paramref name="ifStatement"/> has that shape.</summary>
    private ExpressionStatementSyntax? ValidatedUpdate(IfStatementSyntax ifStatement, CancellationToken cancellationToken)
    {
        var first = ifStatement.Statement is BlockSyntax block ? block.Statements.FirstOrDefault() : ifStatement.Statement;
        return first is ExpressionStatementSyntax statement && UpdateOf(statement, cancellationToken) is not null && ReadsField(ifStatement.Condition, cancellationToken)
            ? statement
            : null;
    }

    private bool EveryUseMaps(CancellationToken cancellationToken)
    {
        foreach (var use in _target.Uses(_semanticModel, cancellationToken))
        {
            if (use.Parent is ExpressionSyntax parent && UpdatedTarget(parent) == use)
            {
                if (!IsVoidBody(parent) || NewState(parent, IdentifierName("state"), e => e) is null ||
                    !OnlyValidatedBy(parent, cancellationToken))
                {
                    return false;
                }

                continue;
            }

            if (use.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } ||
                use.Parent is RefExpressionSyntax ||
                use.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } ||
                use.Parent is MemberAccessExpressionSyntax { Expression: var receiver } && receiver == use && !_target.Symbol.Type.IsReferenceType ||
                use.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }) ||
                _semanticModel.GetOperation(use, cancellationToken) is not IFieldReferenceOperation)
            {
                // A reference that is not a plain read: by-ref use, a mutating member call on a struct value, nameof.
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether no condition on the field controls <paramref name="update"/> except the one it is validated by: a check the
    /// decision cannot include would leave the check-then-act in place.
    /// </summary>
    private bool OnlyValidatedBy(ExpressionSyntax update, CancellationToken cancellationToken)
    {
        SyntaxNode child = update.Parent!;
        foreach (var ancestor in child.Ancestors())
        {
            if (ancestor is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }

            var condition = ancestor switch
            {
                IfStatementSyntax ifStatement when child != ifStatement.Condition => ifStatement.Condition,
                WhileStatementSyntax loop => loop.Condition,
                DoStatementSyntax loop => loop.Condition,
                ForStatementSyntax loop => loop.Condition,
                ConditionalExpressionSyntax conditional => conditional.Condition,
                SwitchStatementSyntax switchStatement => switchStatement.Expression,
                _ => null,
            };
            if (condition is not null && ReadsField(condition, cancellationToken) &&
                !(ancestor is IfStatementSyntax validated && ValidatedUpdate(validated, cancellationToken) == update.Parent))
            {
                return false;
            }

            child = ancestor;
        }

        return true;
    }

    /// <summary>The state an update stores, written over <paramref name="state"/> (the current state): <c>state - price</c> for <c>_balance -= price</c>.</summary>
    private ExpressionSyntax? NewState(ExpressionSyntax update, ExpressionSyntax state, System.Func<ExpressionSyntax, ExpressionSyntax> substitute)
    {
        if (update is PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax)
        {
            if (_target.Symbol.Type.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32 or SpecialType.System_UInt64 or
                SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal))
            {
                return null;
            }

            var increment = update.IsKind(SyntaxKind.PostIncrementExpression) || update.IsKind(SyntaxKind.PreIncrementExpression);
            return BinaryExpression(increment ? SyntaxKind.AddExpression : SyntaxKind.SubtractExpression, state, LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(1)));
        }

        var assignment = (AssignmentExpressionSyntax)update;
        if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
        {
            return substitute(assignment.Right);
        }

        if (_semanticModel.GetOperation(assignment) is not ICompoundAssignmentOperation { OperatorMethod: null } compound ||
            (compound.OutConversion.Exists && !compound.OutConversion.IsIdentity) ||
            BinaryKindOf(assignment.Kind()) is not { } binary)
        {
            // A narrowing compound assignment (byte += int) or a user-defined operator: the plain binary would not type-check the same way.
            return null;
        }

        var operand = substitute(assignment.Right);
        return BinaryExpression(binary, state, operand is BinaryExpressionSyntax or ConditionalExpressionSyntax or AssignmentExpressionSyntax ? ParenthesizedExpression(operand) : operand);
    }

    private static SyntaxKind? BinaryKindOf(SyntaxKind compound) => compound switch
    {
        SyntaxKind.AddAssignmentExpression => SyntaxKind.AddExpression,
        SyntaxKind.SubtractAssignmentExpression => SyntaxKind.SubtractExpression,
        SyntaxKind.MultiplyAssignmentExpression => SyntaxKind.MultiplyExpression,
        SyntaxKind.DivideAssignmentExpression => SyntaxKind.DivideExpression,
        SyntaxKind.ModuloAssignmentExpression => SyntaxKind.ModuloExpression,
        SyntaxKind.AndAssignmentExpression => SyntaxKind.BitwiseAndExpression,
        SyntaxKind.OrAssignmentExpression => SyntaxKind.BitwiseOrExpression,
        SyntaxKind.ExclusiveOrAssignmentExpression => SyntaxKind.ExclusiveOrExpression,
        SyntaxKind.LeftShiftAssignmentExpression => SyntaxKind.LeftShiftExpression,
        SyntaxKind.RightShiftAssignmentExpression => SyntaxKind.RightShiftExpression,
        _ => null,
    };

    private FieldDeclarationSyntax LedgerField(FieldDeclarationSyntax declaration)
    {
        var stateType = StateType();
        var ledgerType = RuntimeFieldRetype.GuardedType("VersionedLedger", PredefinedType(Token(SyntaxKind.StringKeyword)), stateType);
        var arguments = _target.Declarator.Initializer is { Value: var initial }
            ? ArgumentList(SingletonSeparatedList(Argument(
                ObjectCreationExpression(RuntimeFieldRetype.GuardedType("VersionedLedgerOptions", PredefinedType(Token(SyntaxKind.StringKeyword)), stateType))
                    .WithArgumentList(ArgumentList())
                    .WithInitializer(InitializerExpression(
                        SyntaxKind.ObjectInitializerExpression,
                        SingletonSeparatedList<ExpressionSyntax>(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName("InitialState"), initial.WithoutTrivia())))))))
            : ArgumentList();
        var modifiers = declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.VolatileKeyword)).ToList();
        if (!modifiers.Any(m => m.IsKind(SyntaxKind.ReadOnlyKeyword)))
        {
            modifiers.Add(Token(SyntaxKind.ReadOnlyKeyword));
        }

        return SyntaxHelpers.Tidy(FieldDeclaration(
                declaration.AttributeLists,
                TokenList(modifiers.Select(m => m.WithoutTrivia())),
                VariableDeclaration(ledgerType).AddVariables(
                    VariableDeclarator(_target.Declarator.Identifier.WithoutTrivia()).WithInitializer(EqualsValueClause(ObjectCreationExpression(ledgerType).WithArgumentList(arguments))))));
    }

    private TypeSyntax StateType() => ParseTypeName(_target.Symbol.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));

    /// <summary>
    /// Replaces each read of the field (<c>_f</c> or <c>this._f</c>) in the nodes it visits; visits original nodes, so the
    /// semantic model still answers.
    /// </summary>
    private abstract class FieldUseRewriter : CSharpSyntaxRewriter
    {
        protected FieldUseRewriter(VersionedLedgerRewrite plan, CancellationToken cancellationToken)
        {
            Plan = plan;
            CancellationToken = cancellationToken;
        }

        protected VersionedLedgerRewrite Plan { get; }

        protected CancellationToken CancellationToken { get; }

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node) =>
            node.Identifier.ValueText == Plan._target.Symbol.Name && node.SyntaxTree == Plan._target.Type.SyntaxTree &&
            node.Parent is not MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } && Plan.IsField(node, CancellationToken)
                ? ReplaceRead(node)
                : base.VisitIdentifierName(node);

        public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node) =>
            node.Expression is ThisExpressionSyntax && node.SyntaxTree == Plan._target.Type.SyntaxTree && Plan.IsField(node, CancellationToken)
                ? ReplaceRead(node)
                : base.VisitMemberAccessExpression(node);

        protected abstract ExpressionSyntax ReplaceRead(ExpressionSyntax use);
    }

    /// <summary>Rewrites the uses of the field in its type: updates, validated updates and reads.</summary>
    private sealed class UseRewriter : FieldUseRewriter
    {
        private readonly string _keyName;

        public UseRewriter(VersionedLedgerRewrite plan, string keyName, CancellationToken cancellationToken)
            : base(plan, cancellationToken)
        {
            _keyName = keyName;
        }

        private ExpressionSyntax Ledger(ExpressionSyntax use) => use.WithoutTrivia();

        private ExpressionSyntax Key => IdentifierName(_keyName);

        public override SyntaxNode? VisitFieldDeclaration(FieldDeclarationSyntax node) => node;

        public override SyntaxNode? VisitIfStatement(IfStatementSyntax node)
        {
            if (Plan.ValidatedUpdate(node, CancellationToken) is not { } update)
            {
                return base.VisitIfStatement(node);
            }

            var updateExpression = update.Expression;
            var state = StateName(node.SpanStart);
            var target = UpdatedTarget(updateExpression)!;
            var substitution = new StateSubstitution(Plan, state, CancellationToken);
            var check = (ExpressionSyntax)substitution.Visit(node.Condition)!;
            var newState = Plan.NewState(updateExpression, IdentifierName(state), e => (ExpressionSyntax)substitution.Visit(e)!)!;
            var reason = LiteralExpression(SyntaxKind.StringLiteralExpression, Literal("check failed: " + node.Condition.WithoutTrivia().ToString()));
            var decision = ConditionalExpression(check.WithoutTrivia(), Decision("Commit", newState), Decision("Reject", reason));
            var updateCall = SyntaxHelpers.Call(Ledger(target), "Update", Argument(Key), Argument(SimpleLambdaExpression(Parameter(Identifier(state)), decision)));
            var committed = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, updateCall, IdentifierName("IsCommitted"));

            // The rest of the branch runs only when the update committed, exactly when the original check held.
            var rest = node.Statement is BlockSyntax block ? block.Statements.Skip(1).Select(s => (StatementSyntax)Visit(s)!).ToList() : new List<StatementSyntax>();
            var elseClause = node.Else is null ? null : (ElseClauseSyntax)Visit(node.Else)!;
            if (rest.Count == 0 && elseClause is null)
            {
                return SyntaxHelpers.Tidy(ExpressionStatement(updateCall)).WithTriviaFrom(node);
            }

            if (rest.Count == 0)
            {
                return SyntaxHelpers.Tidy(IfStatement(PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, committed), elseClause!.Statement)).WithTriviaFrom(node);
            }

            var then = ((BlockSyntax)node.Statement).WithStatements(List(rest));
            return SyntaxHelpers.Tidy(node.WithCondition(committed).WithStatement(then).WithElse(elseClause));
        }

        public override SyntaxNode? VisitExpressionStatement(ExpressionStatementSyntax node) =>
            Plan.UpdateOf(node, CancellationToken) is { } update
                ? SyntaxHelpers.Tidy(node.WithExpression(UpdateCall(update)))
                : base.VisitExpressionStatement(node);

        public override SyntaxNode? VisitArrowExpressionClause(ArrowExpressionClauseSyntax node) =>
            IsVoidBody(node.Expression) && UpdatedTarget(node.Expression) is { } target && Plan.IsField(target, CancellationToken)
                ? SyntaxHelpers.Tidy(node.WithExpression(UpdateCall(node.Expression).WithTriviaFrom(node.Expression)))
                : base.VisitArrowExpressionClause(node);

        private InvocationExpressionSyntax UpdateCall(ExpressionSyntax update)
        {
            var state = StateName(update.SpanStart);
            var substitution = new StateSubstitution(Plan, state, CancellationToken);
            var newState = Plan.NewState(update, IdentifierName(state), e => (ExpressionSyntax)substitution.Visit(e)!)!;
            return SyntaxHelpers.Call(
                Ledger(UpdatedTarget(update)!),
                "Update",
                Argument(Key),
                Argument(SimpleLambdaExpression(Parameter(Identifier(state)), Decision("Commit", newState))));
        }

        protected override ExpressionSyntax ReplaceRead(ExpressionSyntax use) =>
            MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxHelpers.Call(Ledger(use), "Read", Argument(Key)),
                    IdentifierName("State"))
                .WithTriviaFrom(use);

        private string StateName(int position) => Naming.FreeName(Naming.StemOf(Plan._target.Symbol.Name), Plan._semanticModel, position);

        private ExpressionSyntax Decision(string method, ExpressionSyntax argument) =>
            SyntaxHelpers.Call(
                RuntimeFieldRetype.GuardedType("LedgerDecision", Plan.StateType()).WithAdditionalAnnotations(Simplifier.Annotation),
                method,
                Argument(argument.WithoutTrivia()));
    }

    /// <summary>Replaces reads of the field in a check or a new-state expression by the decision's state parameter.</summary>
    private sealed class StateSubstitution : FieldUseRewriter
    {
        private readonly string _state;

        public StateSubstitution(VersionedLedgerRewrite plan, string state, CancellationToken cancellationToken)
            : base(plan, cancellationToken)
        {
            _state = state;
        }

        protected override ExpressionSyntax ReplaceRead(ExpressionSyntax use) => IdentifierName(_state).WithTriviaFrom(use);
    }
}
