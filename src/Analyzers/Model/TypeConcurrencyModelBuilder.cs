using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>
/// Collects a type's code blocks while Roslyn analyses its members (possibly concurrently), binds the ones that can
/// matter to a rule, then scans them once for accesses, guards and calls when the model is built.
/// </summary>
/// <remarks>
/// One builder per type serves every rule (<see cref="SharedTypeModels"/>): each rule hands it the same code blocks,
/// the first to arrive decides whether the block is worth binding (<see cref="ConcurrencyVocabulary"/>) and binds it,
/// and the first rule to finish the type builds the model that all rules share.
/// </remarks>
internal sealed class TypeConcurrencyModelBuilder
{
    private readonly object _gate = new();
    private readonly INamedTypeSymbol _type;
    private readonly WellKnownTypes _types;
    private readonly ConcurrencyVocabulary _vocabulary;
    private readonly HashSet<string> _ownMemberNames;
    private readonly Dictionary<(SyntaxNode CodeBlock, ISymbol Owner), RecordedBlock> _recorded = new(CodeBlockKeyComparer.Instance);
    private readonly List<FieldAccess> _accesses = new();
    private readonly List<CallSite> _callSites = new();
    private readonly HashSet<ISymbol> _methodsUsedAsDelegates = new(SymbolEqualityComparer.Default);
    private readonly List<RequiredGuardCall> _requiredGuardCalls = new();
    private readonly List<(ISymbol Owner, ImmutableArray<IOperation> Blocks)> _blocks = new();
    private readonly HashSet<ISymbol> _membersShowingConcurrency = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _calledConcurrently = new(SymbolEqualityComparer.Default);
    private readonly List<(ISymbol Caller, ISymbol Callee, bool FromNestedFunction)> _ownCalls = new();
    private readonly List<LockAcquisition> _lockAcquisitions = new();
    private readonly Compilation _compilation;
    private Dictionary<ISymbol, ImmutableHashSet<Guard>> _baseCallerGuards = new(SymbolEqualityComparer.Default);
    private Dictionary<ISymbol, ImmutableHashSet<Guard>?> _outsideCallerGuards = new(SymbolEqualityComparer.Default);
    private bool _hasConcurrencyIntent;

    public TypeConcurrencyModelBuilder(INamedTypeSymbol type, Compilation compilation, WellKnownTypes types, ConcurrencyVocabulary vocabulary)
    {
        _type = type;
        _compilation = compilation;
        _types = types;
        _vocabulary = vocabulary;
        _ownMemberNames = new HashSet<string>(type.MemberNames, System.StringComparer.Ordinal);
    }

    /// <summary>Records one code block of the type, bound if it can touch the type's members or concurrency.</summary>
    public void AddCodeBlock(CodeBlockAnalysisContext context)
    {
        RecordedBlock entry;
        lock (_gate)
        {
            var key = (context.CodeBlock, context.OwningSymbol);
            if (!_recorded.TryGetValue(key, out entry!))
            {
                _recorded[key] = entry = new RecordedBlock();
            }
        }

        // Every rule hands over the same blocks; the first binds, the others wait for it, because a rule builds the
        // model as soon as its own calls for the type have returned.
        lock (entry)
        {
            if (entry.IsRecorded)
            {
                return;
            }

            Record(context.OwningSymbol, context.CodeBlock, context.SemanticModel, context.CancellationToken);
            entry.IsRecorded = true;
        }
    }

    /// <summary>Records one code block of the type, bound only if it can touch the type's members or concurrency.</summary>
    private void Record(ISymbol owner, SyntaxNode codeBlock, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var synchronized = owner is IMethodSymbol method && GuardScanner.IsSynchronized(method, _types);
        if (!synchronized && !_vocabulary.MayMatter(codeBlock, _ownMemberNames))
        {
            return;
        }

        var operations = CodeBlockOperations.Of(codeBlock, owner, semanticModel, cancellationToken);
        if (!operations.IsEmpty)
        {
            lock (_gate)
            {
                _blocks.Add((owner, operations));
            }
        }
    }

    /// <summary>Scans one member's operation blocks; called by <see cref="Build"/> under <c>_gate</c>.</summary>
    private void Scan(ISymbol owner, ImmutableArray<IOperation> blocks, CancellationToken cancellationToken)
    {
        // A finalizer runs once nothing else references the object: as exclusive as its construction.
        var inConstructor = owner is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor } ||
            owner is IFieldSymbol or IPropertySymbol;

        var accesses = new List<FieldAccess>();
        var callSites = new List<CallSite>();
        var delegates = new List<ISymbol>();
        var requiredGuardCalls = new List<RequiredGuardCall>();
        var ownCalls = new List<(ISymbol Caller, ISymbol Callee, bool FromNestedFunction)>();
        var lockAcquisitions = new List<LockAcquisition>();
        var calledConcurrently = new List<ISymbol>();
        // Concurrency that instance members show makes the instances shared; concurrency confined to static members and
        // static state (a static cache, an Interlocked static counter) says nothing about the instances, whose static
        // fields are shared state anyway.
        var instanceMember = !owner.IsStatic && !IsSyncRootImplementation(owner);
        // A synchronized method is a lock on the instance (or the type): its author expects concurrent callers.
        var intent = instanceMember && owner is IMethodSymbol ownerMethod && GuardScanner.IsSynchronized(ownerMethod, _types);

        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case IFieldReferenceOperation fieldReference when IsOwnMember(fieldReference.Field) && !GuardScanner.IsLockOperand(fieldReference, _types):
                        var fieldContext = GuardScanner.GetContext(fieldReference, _types, owner);
                        accesses.Add(new FieldAccess(fieldReference, owner, fieldContext, inConstructor && !fieldContext.RunsConcurrently));
                        break;

                    case ILockOperation lockOperation:
                        intent |= instanceMember && !GuardsOnlyStaticState(lockOperation);
                        if (LockAcquisition.From(lockOperation, _types, owner) is { } locked)
                        {
                            lockAcquisitions.Add(locked);
                        }

                        break;

                    case IInvocationOperation invocation:
                        intent |= instanceMember && StartsOrCoordinatesConcurrency(invocation.TargetMethod) && !OnlyTouchesStaticState(invocation);
                        if (LockAcquisition.From(invocation, _types, owner) is { } entered)
                        {
                            lockAcquisitions.Add(entered);
                        }

                        if (IsOwnMember(invocation.TargetMethod))
                        {
                            ownCalls.Add((owner, invocation.TargetMethod.OriginalDefinition, invocation.IsInNestedFunction()));
                            if (GuardScanner.RunsConcurrently(invocation))
                            {
                                calledConcurrently.Add(invocation.TargetMethod.OriginalDefinition);
                            }
                        }

                        if (IsTrackedCallee(invocation.TargetMethod))
                        {
                            callSites.Add(new CallSite(invocation.TargetMethod.OriginalDefinition, owner, GuardScanner.GetContext(invocation, _types, owner)));
                        }

                        if (IsOwnMember(invocation.TargetMethod) && Annotations.Has(invocation.TargetMethod.OriginalDefinition, Annotations.RequiresGuard))
                        {
                            var callContext = GuardScanner.GetContext(invocation, _types, owner);
                            requiredGuardCalls.Add(new RequiredGuardCall(invocation, owner, callContext, inConstructor && !callContext.RunsConcurrently));
                        }

                        break;

                    case IPropertyReferenceOperation propertyReference when IsOwnMember(propertyReference.Property):
                        foreach (var accessor in AccessorsUsedBy(propertyReference))
                        {
                            if (IsTrackedCallee(accessor))
                            {
                                callSites.Add(new CallSite(accessor.OriginalDefinition, owner, GuardScanner.GetContext(propertyReference, _types, owner)));
                            }
                        }

                        break;

                    case IObjectCreationOperation creation:
                        intent |= instanceMember && _types.ShowsConcurrencyIntent(creation.Type) && !IsStoredInStaticField(creation);
                        break;

                    case IMethodReferenceOperation methodReference when IsOwnMember(methodReference.Method):
                        if (GuardScanner.IsHandedOff(methodReference) || GuardScanner.RunsConcurrently(methodReference))
                        {
                            calledConcurrently.Add(methodReference.Method.OriginalDefinition);
                        }

                        if (IsTrackedCallee(methodReference.Method))
                        {
                            delegates.Add(methodReference.Method.OriginalDefinition);
                        }

                        break;
                }
            }
        }

        // Build holds _gate while it scans; a block is added only once it was scanned to the end.
        _accesses.AddRange(accesses);
        _callSites.AddRange(callSites);
        _requiredGuardCalls.AddRange(requiredGuardCalls);
        foreach (var method in delegates)
        {
            _methodsUsedAsDelegates.Add(method);
        }

        _hasConcurrencyIntent |= intent;
        _ownCalls.AddRange(ownCalls);
        _lockAcquisitions.AddRange(lockAcquisitions);
        foreach (var method in calledConcurrently)
        {
            _calledConcurrently.Add(method);
        }

        if (intent)
        {
            _membersShowingConcurrency.Add(owner);
        }
    }

    /// <summary>
    /// The members that can run on several threads at once by the type's own evidence: those that lock, use atomics or
    /// start concurrent work themselves, those handed to <c>Task.Run</c>, a thread or a timer (or called from such
    /// code), and everything they call in the type.
    /// </summary>
    private HashSet<ISymbol> MembersRunningConcurrently()
    {
        var result = new HashSet<ISymbol>(_membersShowingConcurrency, SymbolEqualityComparer.Default);
        result.UnionWith(_calledConcurrently);
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (caller, callee, _) in _ownCalls)
            {
                if (result.Contains(caller) && result.Add(callee))
                {
                    changed = true;
                }
            }
        }

        return result;
    }

    public TypeConcurrencyModel Build(SharedStateScope scope, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _baseCallerGuards = BaseClassGuards.Compute(_type, cancellationToken);
            foreach (var (owner, blocks) in _blocks)
            {
                Scan(owner, blocks, cancellationToken);
            }

            _blocks.Clear();
            _outsideCallerGuards = OutsideCallerGuards(cancellationToken);
            var intent = _hasConcurrencyIntent || Annotations.Has(_type, Annotations.ThreadSafe);
            foreach (var member in _type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false } field && (field.IsVolatile || _types.ShowsConcurrencyIntent(field.Type)))
                {
                    intent = true;
                    break;
                }
            }

            var helperGuards = ComputeHelperGuards(cancellationToken, null, out var underSomeGuard);
            var declared = DeclaredGuardsByMember();
            var helperGuardsWithDeclared = declared.Count == 0
                ? helperGuards
                : ComputeHelperGuards(cancellationToken, member => declared.TryGetValue(member, out var guards) ? guards : ImmutableHashSet<Guard>.Empty);
            return new TypeConcurrencyModel(_type, _types, scope, intent, _accesses.ToImmutableArray(), helperGuards)
            {
                MembersRunningConcurrently = MembersRunningConcurrently(),
                RequiredGuardCalls = _requiredGuardCalls.ToImmutableArray(),
                LockAcquisitions = InSourceOrder(_lockAcquisitions),
                ConstructionOnlyMethods = ConstructionOnlyMethods.Compute(_ownCalls, _methodsUsedAsDelegates),
                DeclaredGuards = declared,
                HelperGuardsWithDeclared = helperGuardsWithDeclared,
                MembersUnderSomeGuard = underSomeGuard,
                OutsideCallerGuards = _outsideCallerGuards.Values.Where(guards => guards is not null).SelectMany(guards => guards!).ToImmutableHashSet(),
            };
        }
    }

    /// <summary>
    /// The guards every caller holds when it calls each private helper: a must-analysis over the type's own call
    /// graph, iterated to a fixed point so helpers of helpers inherit too. Overrides start from the guards their base
    /// classes hold at every call (<see cref="BaseClassGuards"/>). Methods used as delegates escape and inherit nothing.
    /// </summary>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <param name="declaredGuards">
    /// When given, the guards each caller declares with <c>[RequiresGuard]</c> count as held at its calls, so the
    /// helpers of an annotated method inherit its declared guards too.
    /// </param>
    private Dictionary<ISymbol, ImmutableHashSet<Guard>> ComputeHelperGuards(CancellationToken cancellationToken, System.Func<ISymbol, ImmutableHashSet<Guard>>? declaredGuards = null) =>
        ComputeHelperGuards(cancellationToken, declaredGuards, out _);

    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <param name="declaredGuards">As in the overload without <paramref name="underSomeGuard"/>.</param>
    /// <param name="underSomeGuard">
    /// The helpers every caller calls while holding some guard, not necessarily the same one (an override that its base
    /// class calls under one lock and its own type under another): no guard is held at every call, but none runs bare.
    /// </param>
    private Dictionary<ISymbol, ImmutableHashSet<Guard>> ComputeHelperGuards(CancellationToken cancellationToken, System.Func<ISymbol, ImmutableHashSet<Guard>>? declaredGuards, out HashSet<ISymbol> underSomeGuard)
    {
        var callsByCallee = new Dictionary<ISymbol, List<CallSite>>(SymbolEqualityComparer.Default);
        foreach (var call in _callSites)
        {
            if (_methodsUsedAsDelegates.Contains(call.Callee) ||
                (AssemblyCallers.IsHelper(call.Callee) && !_outsideCallerGuards.ContainsKey(call.Callee)))
            {
                continue;
            }

            if (!callsByCallee.TryGetValue(call.Callee, out var calls))
            {
                callsByCallee[call.Callee] = calls = new List<CallSite>();
            }

            calls.Add(call);
        }

        // null stands for "every guard" (not yet constrained), the top of the lattice.
        var inherited = new Dictionary<ISymbol, ImmutableHashSet<Guard>?>(SymbolEqualityComparer.Default);
        // Beside it, whether every call holds some guard: true until a call is found that holds none.
        var someGuard = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        foreach (var callee in callsByCallee.Keys)
        {
            inherited[callee] = null;
            someGuard[callee] = true;
        }

        // What calls the type's own code does not make hold: base classes' calls of overrides, other types' calls of
        // internal helpers (the two never name the same method: helpers are not overrides).
        var fromElsewhere = new Dictionary<ISymbol, ImmutableHashSet<Guard>?>(_outsideCallerGuards, SymbolEqualityComparer.Default);
        foreach (var pair in _baseCallerGuards)
        {
            fromElsewhere[pair.Key] = pair.Value;
        }

        foreach (var pair in fromElsewhere)
        {
            if (!_methodsUsedAsDelegates.Contains(pair.Key))
            {
                inherited[pair.Key] = pair.Value;
                someGuard[pair.Key] = pair.Value is null || !pair.Value.IsEmpty;
                if (!callsByCallee.ContainsKey(pair.Key))
                {
                    callsByCallee[pair.Key] = new List<CallSite>();
                }
            }
        }

        var changed = true;
        for (var round = 0; changed && round < 8; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            changed = false;
            foreach (var pair in callsByCallee)
            {
                var meet = fromElsewhere.TryGetValue(pair.Key, out var elsewhere) ? elsewhere : null;
                var some = elsewhere is null || !elsewhere.IsEmpty;
                foreach (var call in pair.Value)
                {
                    var atCall = call.Context.RunsConcurrently
                        ? ImmutableHashSet<Guard>.Empty
                        : GuardsOf(call.Context.Regions);
                    if (declaredGuards is not null && !call.Context.RunsConcurrently)
                    {
                        atCall = atCall.Union(declaredGuards(call.Caller));
                    }
                    if (!call.Context.RunsConcurrently && inherited.TryGetValue(call.Caller, out var callerGuards))
                    {
                        if (callerGuards is null)
                        {
                            continue;
                        }

                        atCall = atCall.Union(callerGuards);
                    }

                    some &= !atCall.IsEmpty ||
                        (!call.Context.RunsConcurrently && someGuard.TryGetValue(call.Caller, out var callerUnderSome) && callerUnderSome);
                    meet = meet is null ? atCall : meet.Intersect(atCall);
                }

                if (someGuard[pair.Key] != some)
                {
                    someGuard[pair.Key] = some;
                    changed = true;
                }

                var previous = inherited[pair.Key];
                if (meet is not null && (previous is null || !previous.SetEquals(meet)))
                {
                    inherited[pair.Key] = meet;
                    changed = true;
                }
            }
        }

        var result = new Dictionary<ISymbol, ImmutableHashSet<Guard>>(SymbolEqualityComparer.Default);
        foreach (var pair in inherited)
        {
            if (pair.Value is { IsEmpty: false } guards)
            {
                result[pair.Key] = guards;
            }
        }

        underSomeGuard = new HashSet<ISymbol>(
            someGuard.Where(pair => pair.Value && inherited[pair.Key] is not null && (callsByCallee[pair.Key].Count > 0 || fromElsewhere.ContainsKey(pair.Key))).Select(pair => pair.Key),
            SymbolEqualityComparer.Default);
        return result;
    }

    /// <summary>The guards each member of the type declares with <c>[RequiresGuard]</c> (only members that declare some).</summary>
    private Dictionary<ISymbol, ImmutableHashSet<Guard>> DeclaredGuardsByMember()
    {
        var result = new Dictionary<ISymbol, ImmutableHashSet<Guard>>(SymbolEqualityComparer.Default);
        foreach (var member in _type.GetMembers())
        {
            var methods = member switch
            {
                IMethodSymbol method => new[] { method },
                IPropertySymbol property => new[] { property.GetMethod, property.SetMethod },
                _ => System.Array.Empty<IMethodSymbol?>(),
            };

            foreach (var method in methods)
            {
                if (method is not null && DeclaredGuards.RequiredBy(method, _type, _types) is { IsEmpty: false } guards)
                {
                    result[method.OriginalDefinition] = guards;
                }
            }
        }

        return result;
    }

    private static ImmutableHashSet<Guard> GuardsOf(ImmutableArray<GuardRegion> regions)
    {
        var builder = ImmutableHashSet.CreateBuilder<Guard>();
        foreach (var region in regions)
        {
            if (region.Guard.Target != GuardTargetKind.Unknown)
            {
                builder.Add(region.Guard);
            }
        }

        return builder.ToImmutable();
    }

    private bool StartsOrCoordinatesConcurrency(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (_types.ShowsConcurrencyIntent(type))
        {
            return true;
        }

        return (SymbolEqualityComparer.Default.Equals(type, _types.Task) && method.Name == "Run") ||
            (SymbolEqualityComparer.Default.Equals(type, _types.TaskFactory) && method.Name == "StartNew");
    }

    /// <summary>
    /// Whether a concurrency call only concerns static state: its receiver is a static field (<c>s_cache.GetOrAdd</c>),
    /// or it is a static call on a static field (<c>Interlocked.Increment(ref s_count)</c>, <c>Monitor.Enter(s_gate)</c>).
    /// </summary>
    private static bool OnlyTouchesStaticState(IInvocationOperation invocation) =>
        invocation.Instance is null
            ? invocation.Arguments.Length > 0 && IsStaticField(invocation.Arguments[0].Value)
            : IsStaticField(invocation.Instance);

    /// <summary>A lock on a static object (or a type) whose body touches no instance field: it guards static state only.</summary>
    private bool GuardsOnlyStaticState(ILockOperation lockOperation)
    {
        if (!IsStaticField(lockOperation.LockedValue) && lockOperation.LockedValue.WithoutConversions() is not ITypeOfOperation)
        {
            return false;
        }

        foreach (var operation in lockOperation.Body.DescendantsAndSelf())
        {
            if (operation is IFieldReferenceOperation { Field.IsStatic: false } field && IsOwnMember(field.Field))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Roslyn analyses members concurrently, in no fixed order: sorted, findings and their messages are stable.</summary>
    private static ImmutableArray<LockAcquisition> InSourceOrder(List<LockAcquisition> acquisitions) =>
        acquisitions
            .OrderBy(a => a.Operation.Syntax.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(a => a.Operation.Syntax.SpanStart)
            .ToImmutableArray();

    private static bool IsStaticField(IOperation operation) =>
        operation.WithoutConversions() is IFieldReferenceOperation { Field.IsStatic: true };

    /// <summary>
    /// Whether <paramref name="owner"/> is an <c>ICollection.SyncRoot</c> implementation: the lock object it creates on
    /// first use (with <c>Interlocked.CompareExchange</c>) is for callers, and says nothing about the collection itself.
    /// </summary>
    private static bool IsSyncRootImplementation(ISymbol owner) =>
        owner is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.ExplicitInterfaceImplementation, AssociatedSymbol: IPropertySymbol property } &&
        (property.Name == "SyncRoot" || property.Name.EndsWith(".SyncRoot", System.StringComparison.Ordinal));

    private static bool IsStoredInStaticField(IObjectCreationOperation creation)
    {
        var current = creation.WithEnclosingConversions();

        return current.Parent is IAssignmentOperation assignment && assignment.Value == current &&
            assignment.Target is IFieldReferenceOperation { Field.IsStatic: true };
    }

    private bool IsOwnMember(ISymbol member) =>
        SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, _type.OriginalDefinition);

    /// <summary>
    /// A method whose every call the model can see: a private method, an override its base classes call only under a
    /// guard, or an internal helper (whose calls from other types <see cref="OutsideCallerGuards"/> judges).
    /// </summary>
    private bool IsTrackedCallee(IMethodSymbol method) =>
        IsOwnPrivateMethod(method) ||
        (IsOwnMember(method) && ((_baseCallerGuards.Count > 0 && _baseCallerGuards.ContainsKey(method.OriginalDefinition)) || AssemblyCallers.IsHelper(method.OriginalDefinition)));

    /// <summary>
    /// What other types of the compilation hold when they call the type's internal helpers (<see cref="AssemblyCallers"/>):
    /// a helper is left out when some outside use is not a call under a lock, maps to null when nothing outside uses it.
    /// </summary>
    private Dictionary<ISymbol, ImmutableHashSet<Guard>?> OutsideCallerGuards(CancellationToken cancellationToken)
    {
        var helpers = new List<IMethodSymbol>();
        if (_accesses.Count > 0)
        {
            foreach (var member in _type.GetMembers())
            {
                if (member is IMethodSymbol method && AssemblyCallers.IsHelper(method))
                {
                    helpers.Add(method);
                }
            }
        }

        return helpers.Count == 0
            ? new Dictionary<ISymbol, ImmutableHashSet<Guard>?>(SymbolEqualityComparer.Default)
            : AssemblyCallers.For(_compilation).GuardsAtOutsideCalls(_type, helpers, cancellationToken);
    }

    private bool IsOwnPrivateMethod(IMethodSymbol method) =>
        method.DeclaredAccessibility == Accessibility.Private &&
        method.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet &&
        IsOwnMember(method);

    /// <summary>The accessors a property reference runs: the getter when it reads, the setter when it is assigned, both for <c>+=</c>.</summary>
    private static IEnumerable<IMethodSymbol> AccessorsUsedBy(IPropertyReferenceOperation reference)
    {
        var assigned = reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;
        var compound = reference.Parent is ICompoundAssignmentOperation or ICoalesceAssignmentOperation or IIncrementOrDecrementOperation;
        if ((!assigned || compound) && reference.Property.GetMethod is { } getter)
        {
            yield return getter;
        }

        if ((assigned || compound) && reference.Property.SetMethod is { } setter)
        {
            yield return setter;
        }
    }

    private sealed class RecordedBlock
    {
        public bool IsRecorded { get; set; }
    }

    private sealed class CodeBlockKeyComparer : IEqualityComparer<(SyntaxNode CodeBlock, ISymbol Owner)>
    {
        public static readonly CodeBlockKeyComparer Instance = new();

        public bool Equals((SyntaxNode CodeBlock, ISymbol Owner) x, (SyntaxNode CodeBlock, ISymbol Owner) y) =>
            x.CodeBlock == y.CodeBlock && SymbolEqualityComparer.Default.Equals(x.Owner, y.Owner);

        public int GetHashCode((SyntaxNode CodeBlock, ISymbol Owner) key) =>
            (key.CodeBlock.GetHashCode() * 397) ^ SymbolEqualityComparer.Default.GetHashCode(key.Owner);
    }
}
