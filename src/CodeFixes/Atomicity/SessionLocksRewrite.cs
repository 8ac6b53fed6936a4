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
/// Rewrites a <c>ConcurrentDictionary&lt;TKey, SemaphoreSlim&gt;</c> or <c>Dictionary&lt;TKey, SemaphoreSlim&gt;</c> lock
/// registry (guarded by a lock or not), or a registry of <c>object</c>s used with <c>Monitor</c>, to Guarded.Runtime's
/// <c>SessionLocks&lt;TKey&gt;</c>, every use in the type at once. Offered only when every use of the field has one of
/// these shapes:
/// <code>
/// var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));  (or a lock-getter helper, below)
/// [await] gate.Wait[Async]([ct]); try { … } finally { gate.Release(); }
///     → using ([await] _locks.Acquire[Async](key[, ct])) { … }
/// var gate = _locks.GetOrAdd(key, _ => new object());  (object registries)
/// Monitor.Enter(gate); try { … } finally { Monitor.Exit(gate); }   → using ([await] _locks.Acquire[Async](key)) { … }
///     (AcquireAsync when the block awaits: the thread-affine monitor could not be held across it, GRD304)
/// lock (gate) { … }  /  lock (_locks.GetOrAdd(key, _ => new object())) { … }   → using (_locks.Acquire(key)) { … }
/// private SemaphoreSlim GetLock(TKey key) { [lock (g)] if (!_locks.ContainsKey(key) / !_locks.TryGetValue(key, out s))
///     { _locks[key] = new SemaphoreSlim(1, 1) / _locks.Add(…) } [stamps] return _locks[key] / s; }
///     → removed (its calls become acquisitions; SessionLocks creates a key's lock on first use)
/// _locks.Remove(key); / _locks.TryRemove(key, out _);  (a statement, not in a loop)
///     → _locks.Sweep(TimeSpan.Zero);   (removes the entries nobody holds, awaits or is about to acquire)
/// a sweeper: a method whose body only removes entries — if (_locks.Remove(key, out var s)) { s.Dispose(); n++; },
///     _locks.Remove(key) in a loop — plus idle bookkeeping (companion dictionaries, the keys to remove, a cutoff)
///     → its body becomes [return] _locks.Sweep(TimeSpan.Zero);
/// Dispose: foreach (var s in _locks.Values) s.Dispose(); _locks.Clear();   → _locks.Dispose();
/// _locks.Count                          → _locks.Count   (lock (g) { return _locks.Count; } → return _locks.Count;)
/// </code>
/// A companion dictionary (same key type) used only to stamp last use (in the helper, or in a private method only the
/// helper calls), by the sweeper and cleared in Dispose is removed with its stamps: SessionLocks tracks each entry's
/// idle time itself. SessionLocks is not re-entrant (a nested acquisition of a key its flow holds throws
/// <c>LockRecursionException</c>), which a monitor registry's nested <c>lock</c> of the same key would have allowed.
/// </summary>
internal sealed class SessionLocksRewrite : IFieldRewrite
{
    private const string SessionLocksType = "Guarded.SessionLocks`1";

    private const string SweepCommentFirstLine =
        "// SessionLocks removes only the entries that nobody holds, awaits or is about to acquire, so a sweep can no longer";

    private const string SweepCommentVoid =
        "// drop a lock in use. TimeSpan.Zero frees every such entry (its key gets a new lock on its next use).";

    private const string SweepCommentCount =
        "// drop a lock in use. TimeSpan.Zero frees every such entry (its key gets a new lock on its next use); returns how many.";

    private readonly RewritableField _target;
    private readonly Planner _plan;

    private SessionLocksRewrite(RewritableField target, Planner plan)
    {
        _target = target;
        _plan = plan;
    }

    public string FieldName => _target.Symbol.Name;

    public static IFieldRewrite? TryCreate(SyntaxNode root, SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (semanticModel.Compilation.GetTypeByMetadataName(SessionLocksType) is null ||
            RegistryAt(node) is not { } receiver ||
            RewritableField.From(semanticModel.GetSymbolInfo(receiver, cancellationToken).Symbol, root, cancellationToken) is not { } target ||
            target.Symbol.Type is not INamedTypeSymbol { TypeArguments.Length: 2 } registry ||
            registry.OriginalDefinition.ToDisplayString() is not ("System.Collections.Concurrent.ConcurrentDictionary<TKey, TValue>" or "System.Collections.Generic.Dictionary<TKey, TValue>") ||
            !(IsSemaphoreSlim(registry.TypeArguments[1]) || IsObject(registry.TypeArguments[1])))
        {
            return null;
        }

        var plan = new Planner(target, registry.TypeArguments[0], IsObject(registry.TypeArguments[1]), semanticModel, cancellationToken);
        return plan.TryPlan() ? new SessionLocksRewrite(target, plan) : null;
    }

    public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var (original, replacement) in _plan.Edits)
        {
            editor.ReplaceNode(original[0], SyntaxHelpers.Tidy(replacement).WithTriviaFrom(original[0]));
            foreach (var removed in original.Skip(1))
            {
                editor.RemoveNode(removed, SyntaxRemoveOptions.KeepNoTrivia);
            }
        }

        foreach (var (body, replacement) in _plan.Bodies)
        {
            editor.ReplaceNode(body, SyntaxHelpers.Tidy(replacement).WithTriviaFrom(body));
        }

        foreach (var removed in _plan.Removals)
        {
            editor.RemoveNode(removed, SyntaxRemoveOptions.KeepNoTrivia);
        }

        editor.ReplaceNode(_target.Declaration, RuntimeFieldRetype.Retype(_target.Declarator, "SessionLocks", "SessionLocksOptions", ((INamedTypeSymbol)_target.Symbol.Type).TypeArguments[0]));
        return await ImportCleanup.AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The registry expression the diagnostic points at: <c>_locks</c> in <c>_locks.M(…)</c> or <c>_locks[…]</c>.</summary>
    private static ExpressionSyntax? RegistryAt(SyntaxNode node) =>
        node.FirstAncestorOrSelf<ExpressionSyntax>(e => e is InvocationExpressionSyntax or ElementAccessExpressionSyntax) switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Expression,
            ElementAccessExpressionSyntax access => access.Expression,
            _ => null,
        };

    private static bool IsSemaphoreSlim(ITypeSymbol? type) =>
        type?.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString() == "System.Threading.SemaphoreSlim";

    private static bool IsObject(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Object;

    private static ExpressionStatementSyntax Call(ExpressionSyntax registry, string method, params ArgumentSyntax[] arguments) =>
        ExpressionStatement(SyntaxHelpers.Call(registry, method, arguments));

    private static ArgumentSyntax ZeroIdleTime() =>
        Argument(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxHelpers.TypeReference("System.TimeSpan"), IdentifierName("Zero")));

    private static ExpressionSyntax Unwrap(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var inner } }
            ? inner
            : expression;

    /// <summary>Classifies every use of the registry and plans the edits; refuses (false) at the first unrecognised one.</summary>
    private sealed class Planner
    {
        private static readonly HashSet<string> HelperMembers = new() { "ContainsKey", "TryGetValue", "Add", "TryAdd", "GetOrAdd" };

        private readonly RewritableField _target;
        private readonly ITypeSymbol _keyType;

        /// <summary>Whether the registry holds monitor objects (<c>Monitor.Enter/Exit</c>, <c>lock</c>) rather than semaphores.</summary>
        private readonly bool _monitors;
        private readonly SemanticModel _model;
        private readonly CancellationToken _ct;
        private readonly Dictionary<IFieldSymbol, RewritableField> _companions = new(SymbolEqualityComparer.Default);
        private readonly List<SyntaxNode> _gone = new();

        public Planner(RewritableField target, ITypeSymbol keyType, bool monitors, SemanticModel model, CancellationToken cancellationToken)
        {
            _target = target;
            _keyType = keyType;
            _monitors = monitors;
            _model = model;
            _ct = cancellationToken;
        }

        public List<(List<StatementSyntax> Original, StatementSyntax Replacement)> Edits { get; } = new();

        public List<(BlockSyntax Original, BlockSyntax Replacement)> Bodies { get; } = new();

        public List<SyntaxNode> Removals { get; } = new();

        private ExpressionSyntax Registry => IdentifierName(_target.Symbol.Name);

        public bool TryPlan()
        {
            var helpers = new List<MethodDeclarationSyntax>();
            var removers = new List<MethodDeclarationSyntax>();
            var disposers = new List<MethodDeclarationSyntax>();
            foreach (var use in _target.Uses(_model, _ct))
            {
                var method = use.FirstAncestorOrSelf<MethodDeclarationSyntax>();
                var member = use.Parent is MemberAccessExpressionSyntax access && access.Expression == use ? access : null;
                var invoked = member?.Parent is InvocationExpressionSyntax invocation && invocation.Expression == member;
                if (member is { Name.Identifier.ValueText: "Count" } && !invoked)
                {
                    if (LockAroundCountOnly(member!) is { } countLock)
                    {
                        // lock (g) { return _locks.Count; }  →  return _locks.Count;  (SessionLocks.Count needs no lock)
                        Edits.Add((new List<StatementSyntax> { countLock }, ((BlockSyntax)countLock.Statement).Statements[0]));
                        _gone.Add(countLock.Expression);
                    }

                    continue;
                }

                if (method is not null && IsHelperCandidate(method))
                {
                    AddOnce(helpers, method);
                    continue;
                }

                switch (member?.Name.Identifier.ValueText)
                {
                    case "GetOrAdd" when invoked && member!.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } getOrAdd:
                        if (getOrAdd.ArgumentList.Arguments[1].Expression is not AnonymousFunctionExpressionSyntax { Body: BaseObjectCreationExpressionSyntax created } ||
                            !IsMutexCreation(created) ||
                            Acquisition(getOrAdd, getOrAdd.ArgumentList.Arguments[0].Expression, use) is not { } edit)
                        {
                            return false;
                        }

                        Edits.Add(edit);
                        break;
                    case "Remove" or "TryRemove" when invoked && method?.Body is not null:
                        AddOnce(removers, method);
                        break;
                    case "Values" or "Clear" when method is { Identifier.ValueText: "Dispose", Body: not null }:
                        AddOnce(disposers, method);
                        break;
                    default:
                        return false;
                }
            }

            return helpers.All(PlanHelper) &&
                   removers.All(PlanRemovals) &&
                   disposers.All(PlanDispose) &&
                   PlanCompanions() &&
                   PlanDeadFields() &&
                   (Edits.Count > 0 || Bodies.Count > 0);
        }

        /// <summary><c>lock (g) { return _locks.Count; }</c> around <paramref name="count"/>, or null.</summary>
        private static LockStatementSyntax? LockAroundCountOnly(MemberAccessExpressionSyntax count) =>
            count.Parent is ReturnStatementSyntax { Parent: BlockSyntax { Statements.Count: 1, Parent: LockStatementSyntax countLock } } &&
            countLock.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
                ? countLock
                : null;

        private static void AddOnce(List<MethodDeclarationSyntax> methods, MethodDeclarationSyntax method)
        {
            if (!methods.Contains(method))
            {
                methods.Add(method);
            }
        }

        private bool IsHelperCandidate(MethodDeclarationSyntax method) =>
            method.Body is not null &&
            method.ParameterList.Parameters.Count == 1 &&
            method.TypeParameterList is null &&
            _model.GetDeclaredSymbol(method, _ct) is { DeclaredAccessibility: Accessibility.Private, IsStatic: false } symbol &&
            (_monitors ? IsObject(symbol.ReturnType) : IsSemaphoreSlim(symbol.ReturnType)) &&
            SymbolEqualityComparer.Default.Equals(symbol.Parameters[0].Type, _keyType);

        /// <summary>A lock-getter helper: validated, removed, and every call of it rewritten as an acquisition.</summary>
        private bool PlanHelper(MethodDeclarationSyntax helper)
        {
            var symbol = _model.GetDeclaredSymbol(helper, _ct)!;
            if (!helper.Body!.Statements.All(s => IsHelperStatement(s, helper)) ||
                !helper.DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>().All(IsMutexCreation))
            {
                return false;
            }

            // Every lookup is by the helper's parameter, which becomes the key its callers acquire.
            foreach (var use in _target.Uses(_model, _ct).Where(u => helper.Span.Contains(u.Span)))
            {
                var key = use.Parent switch
                {
                    ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element when element.Expression == use => element.ArgumentList.Arguments[0].Expression,
                    MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name, Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } lookup } access
                        when access.Expression == use && HelperMembers.Contains(name) => lookup.ArgumentList.Arguments[0].Expression,
                    _ => null,
                };
                if (key is null || !SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(key, _ct).Symbol, symbol.Parameters[0]))
                {
                    return false;
                }
            }

            foreach (var reference in SyntaxHelpers.ReferencesTo(_target.Type, symbol, _model, _ct))
            {
                if (helper.Span.Contains(reference.Span) ||
                    reference.Parent is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } call ||
                    call.Expression != reference ||
                    Acquisition(call, call.ArgumentList.Arguments[0].Expression, reference) is not { } edit)
                {
                    return false;
                }

                Edits.Add(edit);
            }

            Remove(helper);
            return true;
        }

        /// <summary>A statement of a lock-getter helper: the lookup and creation, a return of the lock, or a last-use stamp.</summary>
        private bool IsHelperStatement(StatementSyntax statement, MethodDeclarationSyntax helper)
        {
            switch (statement)
            {
                case BlockSyntax block:
                    return block.Statements.All(s => IsHelperStatement(s, helper));
                case LockStatementSyntax @lock:
                    return @lock.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } &&
                           IsHelperStatement(@lock.Statement, helper);
                case IfStatementSyntax @if:
                    return IsLookupExpression(@if.Condition) && IsHelperStatement(@if.Statement, helper) &&
                           (@if.Else is null || IsHelperStatement(@if.Else.Statement, helper));
                case ReturnStatementSyntax { Expression: { } value }:
                    return IsLookupExpression(value);
                case LocalDeclarationStatementSyntax local:
                    return local.Declaration.Variables.All(v => v.Initializer is null || IsLookupExpression(v.Initializer.Value));
                case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }:
                    return IsStamp(assignment) ||
                           (assignment.Left is IdentifierNameSyntax or ElementAccessExpressionSyntax && IsLookupExpression(assignment.Left) && IsLookupExpression(assignment.Right));
                case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation }:
                    return IsLookupExpression(invocation) || IsStampCall(invocation, helper);
                default:
                    return false;
            }
        }

        /// <summary>Reads the registry or the helper's locals, creates mutexes: nothing else happens in it.</summary>
        private bool IsLookupExpression(ExpressionSyntax expression)
        {
            foreach (var node in expression.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax))
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax { Body: BaseObjectCreationExpressionSyntax }:
                        continue; // a GetOrAdd factory; PlanHelper checks that it creates a mutex
                    case AssignmentExpressionSyntax or AwaitExpressionSyntax or AnonymousFunctionExpressionSyntax:
                        return false;
                    case PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax when IsIncrementOrDecrement(node):
                        return false;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } access }
                        when HelperMembers.Contains(name) && IsRegistry(access.Expression):
                        continue;
                    case InvocationExpressionSyntax:
                        return false;
                    case IdentifierNameSyntax name when _model.GetSymbolInfo(name, _ct).Symbol is IFieldSymbol field && !SymbolEqualityComparer.Default.Equals(field, _target.Symbol):
                        return false;
                }
            }

            return true;
        }

        private bool IsRegistry(ExpressionSyntax expression) =>
            SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(expression, _ct).Symbol, _target.Symbol);

        /// <summary>
        /// <c>new SemaphoreSlim(1)</c> or <c>new SemaphoreSlim(1, 1)</c> (or, in a monitor registry, <c>new object()</c>): a
        /// mutex, which is what SessionLocks gives.
        /// </summary>
        private bool IsMutexCreation(BaseObjectCreationExpressionSyntax creation) =>
            _monitors
                ? IsObject(_model.GetTypeInfo(creation, _ct).Type) && creation.ArgumentList is null or { Arguments.Count: 0 } && creation.Initializer is null
                : IsSemaphoreSlim(_model.GetTypeInfo(creation, _ct).Type) &&
                  creation.ArgumentList is { Arguments.Count: 1 or 2 } arguments &&
                  arguments.Arguments.All(a => _model.GetConstantValue(a.Expression, _ct) is { HasValue: true, Value: 1 });

        /// <summary><c>_lastUsed[key] = …;</c> into a companion dictionary, the value computed without side effects.</summary>
        private bool IsStamp(AssignmentExpressionSyntax assignment) =>
            assignment.Left is ElementAccessExpressionSyntax { Expression: var dictionary } &&
            Companion(dictionary) is not null &&
            IsPure(assignment.Right);

        /// <summary>A call of a private method that only stamps companions and that only lock-getter helpers call.</summary>
        private bool IsStampCall(InvocationExpressionSyntax invocation, MethodDeclarationSyntax helper)
        {
            if (_model.GetSymbolInfo(invocation, _ct).Symbol is not IMethodSymbol { DeclaredAccessibility: Accessibility.Private, ReturnsVoid: true } symbol ||
                symbol.DeclaringSyntaxReferences.Length != 1 ||
                symbol.DeclaringSyntaxReferences[0].GetSyntax(_ct) is not MethodDeclarationSyntax stamp ||
                stamp.SyntaxTree != helper.SyntaxTree ||
                !invocation.ArgumentList.Arguments.All(a => IsPure(a.Expression)))
            {
                return false;
            }

            bool OnlyStamps(StatementSyntax statement) => statement switch
            {
                BlockSyntax block => block.Statements.All(OnlyStamps),
                LockStatementSyntax @lock => @lock.Expression is IdentifierNameSyntax && OnlyStamps(@lock.Statement),
                ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } => assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && IsStamp(assignment),
                _ => false,
            };

            var stamps = stamp switch
            {
                { Body: { } body } => body.Statements.All(OnlyStamps),
                { ExpressionBody.Expression: AssignmentExpressionSyntax assignment } => assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && IsStamp(assignment),
                _ => false,
            };
            if (!stamps ||
                !SyntaxHelpers.ReferencesTo(_target.Type, symbol, _model, _ct).All(r => r.Parent is InvocationExpressionSyntax { Parent: ExpressionStatementSyntax } call && call.Expression == r &&
                                             r.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } caller && IsHelperCandidate(caller)))
            {
                return false;
            }

            Remove(stamp);
            return true;
        }

        /// <summary>
        /// <c>var gate = lookup; [await] gate.Wait[Async]([ct]); try { body } finally { gate.Release(); }</c>, where the
        /// lookup is <c>_locks.GetOrAdd(key, …)</c> or a call of a lock-getter helper, and <c>gate</c> is used nowhere else.
        /// </summary>
        private (List<StatementSyntax>, StatementSyntax)? Acquisition(InvocationExpressionSyntax lookup, ExpressionSyntax key, SyntaxNode site)
        {
            if (_monitors)
            {
                return MonitorAcquisition(lookup, key, site);
            }

            if (lookup.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax gateVariable } ||
                gateVariable.Parent?.Parent is not LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1, Parent: BlockSyntax block } declaration ||
                !IsPure(key))
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
                 _model.GetTypeInfo(waitInvocation.ArgumentList.Arguments[0].Expression, _ct).Type?.Name != "CancellationToken") ||
                release.Expression is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax releaseTarget, Name.Identifier.ValueText: "Release" } ||
                releaseTarget.Identifier.ValueText != gate ||
                release.ArgumentList.Arguments.Count != 0 ||
                block.DescendantNodes().OfType<IdentifierNameSyntax>().Count(id => id.Identifier.ValueText == gate) != 2)
            {
                return null;
            }

            var statements = new List<StatementSyntax> { declaration, wait, tryStatement };
            return (statements, Using(key, waitInvocation.ArgumentList.Arguments, isAsync, site, declaration, tryStatement.Block));
        }

        /// <summary>
        /// In a monitor registry: <c>var gate = lookup; Monitor.Enter(gate); try { body } finally { Monitor.Exit(gate); }</c>
        /// (acquired asynchronously when the body awaits), <c>var gate = lookup; lock (gate) body</c>, or
        /// <c>lock (lookup) body</c>, where <c>gate</c> is used nowhere else.
        /// </summary>
        private (List<StatementSyntax>, StatementSyntax)? MonitorAcquisition(InvocationExpressionSyntax lookup, ExpressionSyntax key, SyntaxNode site)
        {
            if (!IsPure(key))
            {
                return null;
            }

            if (lookup.Parent is LockStatementSyntax direct && direct.Expression == lookup)
            {
                return (new List<StatementSyntax> { direct }, Using(key, default, isAsync: false, site, direct, direct.Statement));
            }

            if (lookup.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax gateVariable } ||
                gateVariable.Parent?.Parent is not LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1, Parent: BlockSyntax block } declaration)
            {
                return null;
            }

            var gate = gateVariable.Identifier.ValueText;
            var index = block.Statements.IndexOf(declaration);
            bool IsGate(ExpressionSyntax expression) => expression is IdentifierNameSyntax { Identifier.ValueText: var name } && name == gate;
            bool IsMonitorCall(StatementSyntax statement, string method) =>
                statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } call } &&
                IsGate(call.ArgumentList.Arguments[0].Expression) &&
                _model.GetSymbolInfo(call, _ct).Symbol is IMethodSymbol { Name: var name, ContainingType: { Name: "Monitor", ContainingNamespace: var ns } } &&
                name == method && ns.ToDisplayString() == "System.Threading";
            int gateUses = block.DescendantNodes().OfType<IdentifierNameSyntax>().Count(id => id.Identifier.ValueText == gate);

            if (index + 1 < block.Statements.Count && block.Statements[index + 1] is LockStatementSyntax locked && IsGate(locked.Expression) && gateUses == 1)
            {
                return (new List<StatementSyntax> { declaration, locked }, Using(key, default, isAsync: false, site, declaration, locked.Statement));
            }

            if (index + 2 >= block.Statements.Count ||
                !IsMonitorCall(block.Statements[index + 1], "Enter") ||
                block.Statements[index + 2] is not TryStatementSyntax { Catches.Count: 0, Finally.Block.Statements.Count: 1 } tryStatement ||
                !IsMonitorCall(tryStatement.Finally!.Block.Statements[0], "Exit") ||
                gateUses != 2)
            {
                return null;
            }

            var awaits = tryStatement.Block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<AwaitExpressionSyntax>().Any();
            var statements = new List<StatementSyntax> { declaration, block.Statements[index + 1], tryStatement };
            return (statements, Using(key, default, awaits, site, declaration, tryStatement.Block));
        }

        /// <summary><c>using ([await] _locks.Acquire[Async](key[, arguments])) body</c>.</summary>
        private UsingStatementSyntax Using(ExpressionSyntax key, SeparatedSyntaxList<ArgumentSyntax> arguments, bool isAsync, SyntaxNode site, SyntaxNode neighbour, StatementSyntax body)
        {
            var acquireArguments = new List<ArgumentSyntax> { Argument(key.WithoutTrivia()) };
            acquireArguments.AddRange(arguments.Select(a => a.WithoutTrivia()));
            var registry = site is ExpressionSyntax use && IsRegistry(use) ? use.WithoutTrivia() : Registry;
            ExpressionSyntax acquire = SyntaxHelpers.Call(registry, isAsync ? "AcquireAsync" : "Acquire", acquireArguments.ToArray());
            if (isAsync)
            {
                acquire = GuardStatements.AwaitLikeNeighbours(acquire, neighbour);
            }

            return UsingStatement(null, acquire, body);
        }

        /// <summary>
        /// The removals of one method: plain removal statements become <c>Sweep(TimeSpan.Zero)</c>; a method that does
        /// nothing but remove entries (a sweeper) gets the body <c>[return] _locks.Sweep(TimeSpan.Zero);</c>.
        /// </summary>
        private bool PlanRemovals(MethodDeclarationSyntax method)
        {
            var body = method.Body!;
            var removals = _target.Uses(_model, _ct)
                .Where(u => body.Span.Contains(u.Span) && u.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Remove" or "TryRemove", Parent: InvocationExpressionSyntax })
                .Select(u => (InvocationExpressionSyntax)u.Parent!.Parent!)
                .ToList();
            var plainStatements = removals.All(r => r.Parent is ExpressionStatementSyntax statement && statement.Parent is BlockSyntax && IsDiscardingRemoval(r) &&
                                                    !r.Ancestors().TakeWhile(a => a != body).Any(a => a is CommonForEachStatementSyntax or ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax));
            if (plainStatements && !body.DescendantNodes().OfType<ExpressionSyntax>().Any(e => Companion(e, find: false) is not null))
            {
                foreach (var removal in removals)
                {
                    Edits.Add((new List<StatementSyntax> { (StatementSyntax)removal.Parent! }, Call(Registry, "Sweep", ZeroIdleTime())));
                }

                return true;
            }

            // A sweeper: seed the removals, then drop what only served them.
            var dropped = new HashSet<StatementSyntax>();
            var counters = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            foreach (var removal in removals)
            {
                if (removal.Parent is ExpressionStatementSyntax statement && IsDiscardingRemoval(removal))
                {
                    dropped.Add(statement);
                }
                else if (removal.Parent is IfStatementSyntax { Else: null } @if && @if.Condition == removal && IsRemovalFollowUp(@if.Statement, removal, counters))
                {
                    dropped.Add(@if);
                    dropped.UnionWith(@if.Statement.DescendantNodesAndSelf().OfType<StatementSyntax>());
                }
                else
                {
                    return false;
                }
            }

            DropDependents(body, dropped, counters, findCompanions: true);

            var returnsCount = _model.GetDeclaredSymbol(method, _ct)?.ReturnType.SpecialType == SpecialType.System_Int32;
            var kept = body.Statements.Where(s => !dropped.Contains(s)).ToList();
            if (returnsCount)
            {
                // What is left must be: int removed = 0; … return removed;
                if (kept.Count != 2 ||
                    kept[1] is not ReturnStatementSyntax { Expression: IdentifierNameSyntax returned } ||
                    _model.GetSymbolInfo(returned, _ct).Symbol is not ILocalSymbol counter ||
                    !counters.Contains(counter) ||
                    kept[0] is not LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } ||
                    !SymbolEqualityComparer.Default.Equals(_model.GetDeclaredSymbol(variables[0], _ct), counter) ||
                    variables[0].Initializer?.Value is not { } initial ||
                    _model.GetConstantValue(initial, _ct) is not { HasValue: true, Value: 0 } ||
                    !SyntaxHelpers.ReferencesTo(body, counter, _model, _ct).All(r => r == returned || IsIncrement(r) && dropped.Any(d => d.Span.Contains(r.Span))))
                {
                    return false;
                }
            }
            else if (kept.Count != 0 || _model.GetDeclaredSymbol(method, _ct)?.ReturnsVoid != true)
            {
                return false;
            }

            var sweep = SyntaxHelpers.Call(Registry, "Sweep", ZeroIdleTime());
            StatementSyntax replacement = returnsCount ? ReturnStatement(sweep) : ExpressionStatement(sweep);
            var comment = new List<SyntaxTrivia>();
            foreach (var line in new[] { SweepCommentFirstLine, returnsCount ? SweepCommentCount : SweepCommentVoid })
            {
                comment.Add(Comment(line));
                comment.Add(ElasticCarriageReturnLineFeed);
            }

            Bodies.Add((body, Block(replacement.WithLeadingTrivia(comment))));
            _gone.Add(body);
            return true;
        }

        /// <summary><c>_locks.Remove(key)</c>, <c>Remove(key, out _)</c>, <c>TryRemove(key, out _)</c>: the removed lock is not kept.</summary>
        private static bool IsDiscardingRemoval(InvocationExpressionSyntax removal) =>
            removal.ArgumentList.Arguments.Count == 1 ||
            removal.ArgumentList.Arguments is { Count: 2 } arguments && arguments[1].Expression is IdentifierNameSyntax { Identifier.ValueText: "_" };

        /// <summary>The body of <c>if (_locks.Remove(key, out var s)) { s.Dispose(); removed++; }</c>: disposes the removed lock and counts.</summary>
        private bool IsRemovalFollowUp(StatementSyntax statement, InvocationExpressionSyntax removal, HashSet<ILocalSymbol> counters)
        {
            var removedLock = removal.ArgumentList.Arguments.Count == 2 && removal.ArgumentList.Arguments[1].RefKindKeyword.IsKind(SyntaxKind.OutKeyword)
                ? removal.ArgumentList.Arguments[1].Expression switch
                {
                    DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax variable } => _model.GetDeclaredSymbol(variable, _ct),
                    var other => _model.GetSymbolInfo(other, _ct).Symbol,
                }
                : null;
            var statements = statement is BlockSyntax block ? block.Statements.ToList() : new List<StatementSyntax> { statement };
            foreach (var s in statements)
            {
                switch (s)
                {
                    case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Expression: var disposed }, ArgumentList.Arguments.Count: 0 } }
                        when removedLock is not null && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(disposed, _ct).Symbol, removedLock):
                        break;
                    case ExpressionStatementSyntax { Expression: var increment } when IncrementTarget(increment) is { } incremented &&
                                                                                     _model.GetSymbolInfo(incremented, _ct).Symbol is ILocalSymbol counter:
                        counters.Add(counter);
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Drops, until nothing changes, what only served the dropped statements: companion mutations, locals read only
        /// there (computed without side effects), and <c>lock</c>/<c>foreach</c>/<c>if</c>/blocks left empty.
        /// </summary>
        private void DropDependents(BlockSyntax body, HashSet<StatementSyntax> dropped, HashSet<ILocalSymbol> counters, bool findCompanions)
        {
            foreach (var statement in body.DescendantNodes().OfType<ExpressionStatementSyntax>())
            {
                if (IsCompanionMutation(statement.Expression, findCompanions))
                {
                    dropped.Add(statement);
                }
            }

            bool changed;
            do
            {
                changed = false;
                foreach (var statement in body.DescendantNodes().OfType<StatementSyntax>())
                {
                    if (!dropped.Contains(statement) && CanDrop(statement, body, dropped, counters))
                    {
                        dropped.Add(statement);
                        changed = true;
                    }
                }
            }
            while (changed);
        }

        private bool CanDrop(StatementSyntax statement, BlockSyntax body, HashSet<StatementSyntax> dropped, HashSet<ILocalSymbol> counters) => statement switch
        {
            BlockSyntax block => block.Statements.Count > 0 && block.Statements.All(dropped.Contains),
            LockStatementSyntax @lock => @lock.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } && dropped.Contains(@lock.Statement),
            CommonForEachStatementSyntax loop => dropped.Contains(loop.Statement) && IsPure(loop.Expression),
            IfStatementSyntax { Else: null } @if => dropped.Contains(@if.Statement) && IsPure(@if.Condition),
            LocalDeclarationStatementSyntax local => local.Declaration.Variables.All(v =>
                _model.GetDeclaredSymbol(v, _ct) is ILocalSymbol symbol && !counters.Contains(symbol) &&
                (v.Initializer is null || IsPure(v.Initializer.Value)) &&
                SyntaxHelpers.ReferencesTo(body, symbol, _model, _ct).All(r => dropped.Any(d => d.Span.Contains(r.Span)))),
            _ => false,
        };

        /// <summary>Dispose: the loop disposing every lock and <c>Clear()</c> (and companions' <c>Clear()</c>) become <c>_locks.Dispose();</c>.</summary>
        private bool PlanDispose(MethodDeclarationSyntax method)
        {
            var body = method.Body!;
            var seeds = new List<StatementSyntax>();
            foreach (var use in _target.Uses(_model, _ct).Where(u => body.Span.Contains(u.Span)))
            {
                switch (use.Parent)
                {
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Clear", Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Parent: ExpressionStatementSyntax clear } }:
                        seeds.Add(clear);
                        break;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Values", Parent: ForEachStatementSyntax loop } values when loop.Expression == values && DisposesEach(loop):
                        seeds.Add(loop);
                        break;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Count" }:
                        break;
                    default:
                        return false;
                }
            }

            var dropped = new HashSet<StatementSyntax>(seeds.SelectMany(s => s.DescendantNodesAndSelf().OfType<StatementSyntax>()));
            DropDependents(body, dropped, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), findCompanions: false);
            var outermost = dropped.Where(s => !s.Ancestors().OfType<StatementSyntax>().Any(dropped.Contains)).OrderBy(s => s.SpanStart).ToList();
            var anchor = outermost.First(o => seeds.Any(s => o.Span.Contains(s.Span)));
            outermost.Remove(anchor);
            outermost.Insert(0, anchor);
            Edits.Add((outermost, Call(Registry, "Dispose")));
            _gone.AddRange(outermost);
            return true;
        }

        /// <summary><c>foreach (var s in _locks.Values) { s.Dispose(); }</c>.</summary>
        private bool DisposesEach(ForEachStatementSyntax loop)
        {
            var only = loop.Statement is BlockSyntax { Statements.Count: 1 } block ? block.Statements[0] : loop.Statement;
            return only is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Expression: IdentifierNameSyntax disposed }, ArgumentList.Arguments.Count: 0 } } &&
                   disposed.Identifier.ValueText == loop.Identifier.ValueText;
        }

        /// <summary>Every companion found goes with the registry, provided each of its uses goes too.</summary>
        private bool PlanCompanions()
        {
            foreach (var companion in _companions.Values)
            {
                if (!companion.Uses(_model, _ct).All(InGone))
                {
                    return false;
                }

                Removals.Add(companion.Declaration);
            }

            return true;
        }

        /// <summary>
        /// A private field only the removed code read (a sweeper's idle time, say) goes too, with its assignments in
        /// constructors, when those and its initializer compute their value without side effects.
        /// </summary>
        private bool PlanDeadFields()
        {
            var root = _target.Declarator.SyntaxTree.GetRoot(_ct);
            foreach (var declarator in _target.Type.Members.OfType<FieldDeclarationSyntax>().SelectMany(f => f.Declaration.Variables))
            {
                if (declarator == _target.Declarator ||
                    _model.GetDeclaredSymbol(declarator, _ct) is not IFieldSymbol symbol ||
                    _companions.ContainsKey(symbol) ||
                    RewritableField.From(symbol, root, _ct) is not { } field ||
                    (declarator.Initializer is { } initializer && !IsPure(initializer.Value)))
                {
                    continue;
                }

                var uses = field.Uses(_model, _ct).ToList();
                if (!uses.Any(InGone))
                {
                    continue;
                }

                var assignments = new List<StatementSyntax>();
                foreach (var use in uses.Where(u => !InGone(u)))
                {
                    if (use.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax { Parent: BlockSyntax { Parent: ConstructorDeclarationSyntax } } statement } assignment &&
                        assignment.Left == use && IsPure(assignment.Right))
                    {
                        assignments.Add(statement);
                    }
                    else
                    {
                        assignments = null;
                        break;
                    }
                }

                if (assignments is not null)
                {
                    Removals.Add(field.Declaration);
                    Removals.AddRange(assignments);
                }
            }

            return true;
        }

        private bool InGone(SyntaxNode node) => _gone.Any(g => g.Span.Contains(node.Span));

        /// <summary><c>_lastUsed.Remove(key)</c>, <c>.TryRemove(key, out _)</c>, <c>.Clear()</c> or <c>_lastUsed[key] = …</c> on a companion.</summary>
        private bool IsCompanionMutation(ExpressionSyntax expression, bool findCompanions) => expression switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Remove" or "TryRemove" or "Clear", Expression: var dictionary } } invocation =>
                Companion(dictionary, findCompanions) is not null && invocation.ArgumentList.Arguments.All(a => IsPure(a.Expression) || a.Expression is IdentifierNameSyntax { Identifier.ValueText: "_" }),
            AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax { Expression: var dictionary } } assignment =>
                assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && Companion(dictionary, findCompanions) is not null && IsPure(assignment.Right),
            _ => false,
        };

        /// <summary>
        /// The companion <paramref name="expression"/> names: another private dictionary of the type with the registry's
        /// key type (last-use times, usually). Recorded, so that its declaration goes if all its uses go.
        /// </summary>
        private RewritableField? Companion(ExpressionSyntax expression, bool find = true)
        {
            if (_model.GetSymbolInfo(expression, _ct).Symbol is not IFieldSymbol field ||
                SymbolEqualityComparer.Default.Equals(field, _target.Symbol) ||
                field.Type is not INamedTypeSymbol { TypeArguments.Length: 2 } dictionary ||
                dictionary.OriginalDefinition.ToDisplayString() is not ("System.Collections.Concurrent.ConcurrentDictionary<TKey, TValue>" or "System.Collections.Generic.Dictionary<TKey, TValue>") ||
                !SymbolEqualityComparer.Default.Equals(dictionary.TypeArguments[0], _keyType))
            {
                return null;
            }

            if (!_companions.TryGetValue(field, out var companion))
            {
                if (!find)
                {
                    return null;
                }

                companion = RewritableField.From(field, _target.Declarator.SyntaxTree.GetRoot(_ct), _ct);
                if (companion is null || companion.Type != _target.Type)
                {
                    return null;
                }

                _companions[field] = companion;
            }

            return companion;
        }

        /// <summary>
        /// Computes a value and changes nothing: no assignment, increment or await; calls only LINQ, clock reads
        /// (<c>TimeProvider</c>, <c>DateTime</c>, <c>DateTimeOffset</c>, <c>TimeSpan</c>) and read-only dictionary members.
        /// </summary>
        private bool IsPure(ExpressionSyntax expression)
        {
            foreach (var node in expression.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax or AwaitExpressionSyntax:
                        return false;
                    case PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax when IsIncrementOrDecrement(node):
                        return false;
                    case InvocationExpressionSyntax invocation when !IsPureCall(invocation):
                        return false;
                    case BaseObjectCreationExpressionSyntax creation
                        when _model.GetTypeInfo(creation, _ct).Type is var created &&
                             created?.ContainingNamespace?.ToDisplayString() != "System.Collections.Generic" &&
                             !(IsObject(created) && creation.ArgumentList is null or { Arguments.Count: 0 }): // a new lock object: nothing runs
                        return false;
                }
            }

            return true;
        }

        private bool IsPureCall(InvocationExpressionSyntax invocation)
        {
            if (_model.GetSymbolInfo(invocation, _ct).Symbol is not IMethodSymbol method)
            {
                return false;
            }

            var type = method.ContainingType?.OriginalDefinition.ToDisplayString();
            return method.ContainingNamespace?.ToDisplayString() == "System.Linq" ||
                   type is "System.TimeProvider" or "System.DateTime" or "System.DateTimeOffset" or "System.TimeSpan" ||
                   (method.Name is "ContainsKey" or "TryGetValue" or "ToArray" &&
                    type is "System.Collections.Generic.Dictionary<TKey, TValue>" or "System.Collections.Concurrent.ConcurrentDictionary<TKey, TValue>");
        }

        /// <summary>Whether <paramref name="name"/> is incremented by a statement of its own: <c>n++;</c>, <c>++n;</c>, <c>n += 1;</c>.</summary>
        private static bool IsIncrement(IdentifierNameSyntax name) =>
            name.Parent is ExpressionSyntax { Parent: ExpressionStatementSyntax } increment && IncrementTarget(increment) == name;

        private static bool IsIncrementOrDecrement(SyntaxNode node) =>
            node.IsKind(SyntaxKind.PostIncrementExpression) || node.IsKind(SyntaxKind.PostDecrementExpression) ||
            node.IsKind(SyntaxKind.PreIncrementExpression) || node.IsKind(SyntaxKind.PreDecrementExpression);

        private static ExpressionSyntax? IncrementTarget(SyntaxNode node) => node switch
        {
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression } postfix => postfix.Operand,
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression } prefix => prefix.Operand,
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression, Right: LiteralExpressionSyntax { Token.ValueText: "1" } } add => add.Left,
            _ => null,
        };

        private void Remove(MethodDeclarationSyntax member)
        {
            if (!Removals.Contains(member))
            {
                Removals.Add(member);
                _gone.Add(member);
            }
        }
    }
}
