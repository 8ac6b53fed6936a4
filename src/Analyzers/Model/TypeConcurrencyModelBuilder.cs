using System.Collections.Generic;
using System.Collections.Immutable;
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
    private bool _hasConcurrencyIntent;

    public TypeConcurrencyModelBuilder(INamedTypeSymbol type, WellKnownTypes types, ConcurrencyVocabulary vocabulary)
    {
        _type = type;
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
        var inConstructor = owner is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ||
            owner is IFieldSymbol or IPropertySymbol;

        var accesses = new List<FieldAccess>();
        var callSites = new List<CallSite>();
        var delegates = new List<ISymbol>();
        var requiredGuardCalls = new List<RequiredGuardCall>();
        // A synchronized method is a lock on the instance (or the type): its author expects concurrent callers.
        var intent = owner is IMethodSymbol ownerMethod && GuardScanner.IsSynchronized(ownerMethod, _types);

        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case IFieldReferenceOperation fieldReference when IsOwnMember(fieldReference.Field):
                        var fieldContext = GuardScanner.GetContext(fieldReference, _types, owner);
                        accesses.Add(new FieldAccess(fieldReference, owner, fieldContext, inConstructor && !fieldContext.RunsConcurrently));
                        break;

                    case ILockOperation:
                        intent = true;
                        break;

                    case IInvocationOperation invocation:
                        intent |= StartsOrCoordinatesConcurrency(invocation.TargetMethod);
                        if (IsOwnPrivateMethod(invocation.TargetMethod))
                        {
                            callSites.Add(new CallSite(invocation.TargetMethod.OriginalDefinition, owner, GuardScanner.GetContext(invocation, _types, owner)));
                        }

                        if (IsOwnMember(invocation.TargetMethod) && Annotations.Has(invocation.TargetMethod.OriginalDefinition, Annotations.RequiresGuard))
                        {
                            var callContext = GuardScanner.GetContext(invocation, _types, owner);
                            requiredGuardCalls.Add(new RequiredGuardCall(invocation, owner, callContext, inConstructor && !callContext.RunsConcurrently));
                        }

                        break;

                    case IObjectCreationOperation creation:
                        intent |= _types.ShowsConcurrencyIntent(creation.Type);
                        break;

                    case IMethodReferenceOperation methodReference when IsOwnPrivateMethod(methodReference.Method):
                        delegates.Add(methodReference.Method.OriginalDefinition);
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
    }

    public TypeConcurrencyModel Build(SharedStateScope scope, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var (owner, blocks) in _blocks)
            {
                Scan(owner, blocks, cancellationToken);
            }

            _blocks.Clear();
            var intent = _hasConcurrencyIntent || Annotations.Has(_type, Annotations.ThreadSafe);
            foreach (var member in _type.GetMembers())
            {
                if (member is IFieldSymbol field && (field.IsVolatile || _types.ShowsConcurrencyIntent(field.Type)))
                {
                    intent = true;
                    break;
                }
            }

            var helperGuards = ComputeHelperGuards(cancellationToken);
            var declared = DeclaredGuardsByMember();
            var helperGuardsWithDeclared = declared.Count == 0
                ? helperGuards
                : ComputeHelperGuards(cancellationToken, member => declared.TryGetValue(member, out var guards) ? guards : ImmutableHashSet<Guard>.Empty);
            return new TypeConcurrencyModel(_type, _types, scope, intent, _accesses.ToImmutableArray(), helperGuards)
            {
                RequiredGuardCalls = _requiredGuardCalls.ToImmutableArray(),
                DeclaredGuards = declared,
                HelperGuardsWithDeclared = helperGuardsWithDeclared,
            };
        }
    }

    /// <summary>
    /// The guards every caller holds when it calls each private helper: a must-analysis over the type's own call
    /// graph, iterated to a fixed point so helpers of helpers inherit too. Methods used as delegates escape and
    /// inherit nothing.
    /// </summary>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <param name="declaredGuards">
    /// When given, the guards each caller declares with <c>[RequiresGuard]</c> count as held at its calls, so the
    /// helpers of an annotated method inherit its declared guards too.
    /// </param>
    private Dictionary<ISymbol, ImmutableHashSet<Guard>> ComputeHelperGuards(CancellationToken cancellationToken, System.Func<ISymbol, ImmutableHashSet<Guard>>? declaredGuards = null)
    {
        var callsByCallee = new Dictionary<ISymbol, List<CallSite>>(SymbolEqualityComparer.Default);
        foreach (var call in _callSites)
        {
            if (_methodsUsedAsDelegates.Contains(call.Callee))
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
        foreach (var callee in callsByCallee.Keys)
        {
            inherited[callee] = null;
        }

        var changed = true;
        for (var round = 0; changed && round < 8; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            changed = false;
            foreach (var pair in callsByCallee)
            {
                ImmutableHashSet<Guard>? meet = null;
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

                    meet = meet is null ? atCall : meet.Intersect(atCall);
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

    private bool IsOwnMember(ISymbol member) =>
        SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, _type.OriginalDefinition);

    private bool IsOwnPrivateMethod(IMethodSymbol method) =>
        method.DeclaredAccessibility == Accessibility.Private &&
        method.MethodKind == MethodKind.Ordinary &&
        IsOwnMember(method);

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
