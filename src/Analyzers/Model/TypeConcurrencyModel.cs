using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>
/// What one type does with its fields under concurrency: which fields are shared state, every access with the
/// guards held there (including guards inherited by private helpers that are only called under a guard), and
/// which guard protects each field elsewhere. Built once per type; the rules only ask it questions.
/// </summary>
internal sealed class TypeConcurrencyModel
{
    private readonly Dictionary<IFieldSymbol, ImmutableArray<FieldAccess>> _accessesByField;
    private readonly Dictionary<ISymbol, ImmutableHashSet<Guard>> _helperGuards;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IFieldSymbol, bool> _concurrentlyAccessed = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IFieldSymbol, bool> _copyOnWrite = new(SymbolEqualityComparer.Default);

    public TypeConcurrencyModel(
        INamedTypeSymbol type,
        WellKnownTypes types,
        SharedStateScope scope,
        bool hasConcurrencyIntent,
        ImmutableArray<FieldAccess> accesses,
        Dictionary<ISymbol, ImmutableHashSet<Guard>> helperGuards)
    {
        Type = type;
        Types = types;
        Scope = scope;
        HasConcurrencyIntent = hasConcurrencyIntent;
        _helperGuards = helperGuards;
        // Roslyn analyses members concurrently, in no fixed order: sort so that examples and messages are stable.
        _accessesByField = accesses
            .OrderBy(a => a.Operation.Syntax.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(a => a.Operation.Syntax.SpanStart)
            .GroupBy(a => a.Field, (IEqualityComparer<IFieldSymbol>)SymbolEqualityComparer.Default)
            .ToDictionary(g => g.Key, g => g.ToImmutableArray(), (IEqualityComparer<IFieldSymbol>)SymbolEqualityComparer.Default);
    }

    public INamedTypeSymbol Type { get; }

    public WellKnownTypes Types { get; }

    public SharedStateScope Scope { get; }

    /// <summary>The type uses locks, atomics, concurrent collections, starts concurrent work, or is <c>[ThreadSafe]</c>.</summary>
    public bool HasConcurrencyIntent { get; }

    /// <summary>The fields that are accessed in the type's code.</summary>
    public IEnumerable<IFieldSymbol> AccessedFields => _accessesByField.Keys;

    public ImmutableArray<FieldAccess> AccessesOf(IFieldSymbol field) =>
        _accessesByField.TryGetValue(field, out var accesses) ? accesses : ImmutableArray<FieldAccess>.Empty;

    /// <summary>Whether <paramref name="field"/> is state that several threads may touch at once, in the configured scope.</summary>
    public bool IsSharedState(IFieldSymbol field)
    {
        if (field.IsConst || Annotations.Has(field, "ThreadStaticAttribute") || Types.IsThreadLocalContainer(field.Type))
        {
            return false;
        }

        var annotated = Annotations.Has(field, Annotations.GuardedBy) || Annotations.Has(Type, Annotations.ThreadSafe);
        return Scope switch
        {
            SharedStateScope.All => true,
            SharedStateScope.Annotated => annotated,
            _ => annotated || field.IsStatic || HasConcurrencyIntent,
        };
    }

    /// <summary>The members that can run on several threads at once by the type's own evidence (see the builder).</summary>
    internal HashSet<ISymbol> MembersRunningConcurrently { get; set; } = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Whether the type's code shows that <paramref name="access"/>'s field is touched by several threads, beyond the
    /// type's concurrency intent: a static or annotated field (or every field, with <c>guarded.shared_state = all</c>),
    /// a field the type synchronizes somewhere (a guard, an atomic, <c>volatile</c>), or one that some member touches
    /// while it can run concurrently (it locks or starts work itself, or is handed to another thread), so that every
    /// other access races with that one. The rules for unguarded updates ask this before they report: an instance
    /// counter of a type whose concurrency lives elsewhere (an actor's state next to its mailbox, a builder next to a
    /// static cache) is not shared by that alone.
    /// </summary>
    public bool IsEvidentlyShared(FieldAccess access)
    {
        var field = access.Field;
        if (field.IsStatic || Scope == SharedStateScope.All || Annotations.Has(field, Annotations.GuardedBy) || Annotations.Has(Type, Annotations.ThreadSafe))
        {
            return true;
        }

        return access.Context.RunsConcurrently || HasConcurrentAccess(field);
    }

    /// <summary>
    /// Whether some access of <paramref name="field"/> holds a guard, is atomic, or runs in a member that can run
    /// concurrently, or the field is <c>volatile</c>.
    /// </summary>
    public bool HasConcurrentAccess(IFieldSymbol field) =>
        field.IsVolatile ||
        _concurrentlyAccessed.GetOrAdd(field, f =>
        {
            foreach (var access in AccessesOf(f))
            {
                if (!access.InConstructor && access.IsOnOwnInstance &&
                    (access.Context.RunsConcurrently ||
                     MembersRunningConcurrently.Contains(access.Member) ||
                     !GuardsHeldOrRequiredAt(access).IsEmpty ||
                     IsAtomicUse(access.Operation)))
                {
                    return true;
                }
            }

            return false;
        });

    /// <summary>
    /// Whether <paramref name="field"/> holds a copy-on-write snapshot: a collection or array that no code of the type
    /// changes in place outside construction (no <c>Add</c>, indexer set, element store, sort, or hand-off to a method
    /// that may change it), so a new state is always a new object, built by the type and assigned whole. A thread that
    /// reads the field sees one complete snapshot, with or without the guard its writers hold.
    /// </summary>
    public bool IsCopyOnWrite(IFieldSymbol field) =>
        (field.Type is IArrayTypeSymbol || Types.IsNonConcurrentCollection(field.Type)) &&
        _copyOnWrite.GetOrAdd(field, f =>
        {
            foreach (var access in AccessesOf(f))
            {
                if (!access.InConstructor && access.IsOnOwnInstance &&
                    (CopyOnWrite.MayChangeInPlace(access.Operation) || CopyOnWrite.StoresForeignObject(access.Operation)))
                {
                    return false;
                }
            }

            return true;
        });

    private bool IsAtomicUse(IFieldReferenceOperation reference) =>
        reference.Parent is IArgumentOperation { Parent: IInvocationOperation invocation } &&
        Types.IsAtomics(invocation.TargetMethod.ContainingType);

    /// <summary>The guards held at <paramref name="access"/>, including those its private helper method inherits from every caller.</summary>
    public ImmutableHashSet<Guard> GuardsHeldAt(FieldAccess access)
    {
        var held = ImmutableHashSet.CreateRange(access.Context.Regions.Select(r => r.Guard));
        if (!access.Context.RunsConcurrently && _helperGuards.TryGetValue(access.Member, out var inherited))
        {
            held = held.Union(inherited);
        }

        return held;
    }

    /// <summary>
    /// The helpers and overrides that run under some guard at every call, though no one guard is held at all of them
    /// (<see cref="GuardsHeldAt"/> is empty there): a base class calls the override under its lock, the type itself under another.
    /// </summary>
    internal HashSet<ISymbol> MembersUnderSomeGuard { get; set; } = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Whether <paramref name="access"/> always runs while some guard is held: one of its own regions, the guards its
    /// member inherits, or, for a member called under different guards, one of those.
    /// </summary>
    public bool RunsUnderSomeGuard(FieldAccess access) =>
        !GuardsHeldAt(access).IsEmpty ||
        (!access.Context.RunsConcurrently && MembersUnderSomeGuard.Contains(access.Member));

    /// <summary>Every <c>lock</c> statement and <c>Monitor.Enter</c>/<c>TryEnter</c> call of the type, in source order.</summary>
    public ImmutableArray<LockAcquisition> LockAcquisitions { get; set; } = ImmutableArray<LockAcquisition>.Empty;

    /// <summary>The members that run only while an instance or the type is set up (constructors and their private helpers).</summary>
    public ConstructionOnlyMethods ConstructionOnlyMethods { get; set; } = ConstructionOnlyMethods.None;

    /// <summary>The calls in the type to its own members that declare <c>[RequiresGuard]</c>.</summary>
    public ImmutableArray<RequiredGuardCall> RequiredGuardCalls { get; set; } = ImmutableArray<RequiredGuardCall>.Empty;

    /// <summary>The guards members declare with <c>[RequiresGuard]</c>, by member (accessors for properties).</summary>
    internal Dictionary<ISymbol, ImmutableHashSet<Guard>> DeclaredGuards { get; set; } = new(SymbolEqualityComparer.Default);

    /// <summary>Guards private helpers inherit from their callers when the callers' declared guards count as held.</summary>
    internal Dictionary<ISymbol, ImmutableHashSet<Guard>>? HelperGuardsWithDeclared { get; set; }

    /// <summary>
    /// The locks other types of the compilation hold when they call the type's internal helpers: they make the
    /// helpers' accesses guarded, but the type's own code never takes them, so they are no guard the type keeps.
    /// </summary>
    public ImmutableHashSet<Guard> OutsideCallerGuards { get; set; } = ImmutableHashSet<Guard>.Empty;

    /// <summary>The guards <paramref name="member"/> declares with <c>[RequiresGuard]</c>.</summary>
    public ImmutableHashSet<Guard> DeclaredGuardsOf(ISymbol member) =>
        DeclaredGuards.TryGetValue(member.OriginalDefinition, out var guards) ? guards : ImmutableHashSet<Guard>.Empty;

    /// <summary>
    /// <see cref="GuardsHeldAt(FieldAccess)"/>, and also the guards a <c>[RequiresGuard]</c> member may assume: its
    /// own declared guards, and those its private helpers inherit from it.
    /// </summary>
    public ImmutableHashSet<Guard> GuardsHeldOrRequiredAt(FieldAccess access) =>
        GuardsHeldOrRequiredAt(access.Context, access.Member);

    /// <summary>The guards held or declared-required at a point of <paramref name="member"/> with <paramref name="context"/>.</summary>
    public ImmutableHashSet<Guard> GuardsHeldOrRequiredAt(GuardContext context, ISymbol member)
    {
        var held = ImmutableHashSet.CreateRange(context.Regions.Select(r => r.Guard));
        if (context.RunsConcurrently)
        {
            return held;
        }

        var helperGuards = HelperGuardsWithDeclared ?? _helperGuards;
        if (helperGuards.TryGetValue(member, out var inherited))
        {
            held = held.Union(inherited);
        }

        return held.Union(DeclaredGuardsOf(member));
    }

    /// <summary>
    /// Whether one guard is held, without release, across both accesses: they share a guard region, or both run in a
    /// private helper that every caller calls under the same guard, or in a member that declares the guard it requires.
    /// </summary>
    public bool AreInOneGuardRegion(FieldAccess first, FieldAccess second)
    {
        foreach (var region in first.Context.Regions)
        {
            if (region.Guard.Target == GuardTargetKind.Unknown)
            {
                continue;
            }

            foreach (var other in second.Context.Regions)
            {
                if (other.Owner == region.Owner && other.Guard.Equals(region.Guard))
                {
                    return true;
                }
            }
        }

        // The whole body of a private helper every caller calls under a guard, or of a [RequiresGuard] member (and
        // the helpers only it calls), runs inside one region of that guard.
        return SymbolEqualityComparer.Default.Equals(first.Member, second.Member) &&
            !first.Context.RunsConcurrently &&
            !second.Context.RunsConcurrently &&
            first.Context.ExecutableRoot == second.Context.ExecutableRoot &&
            ((_helperGuards.TryGetValue(first.Member, out var inherited) && !inherited.IsEmpty) ||
             !DeclaredGuardsOf(first.Member).IsEmpty ||
             (HelperGuardsWithDeclared is { } withDeclared && withDeclared.TryGetValue(first.Member, out var inheritedDeclared) && !inheritedDeclared.IsEmpty));
    }

    /// <summary>The guard most accesses of <paramref name="field"/> hold, with one access that holds it; null when none does.</summary>
    public GuardUse? DominantGuardOf(IFieldSymbol field)
    {
        GuardUse? best = null;
        var counts = new Dictionary<Guard, int>();
        foreach (var access in AccessesOf(field))
        {
            if (access.InConstructor)
            {
                continue;
            }

            foreach (var region in access.Context.Regions)
            {
                if (region.Guard.Target == GuardTargetKind.Unknown)
                {
                    continue;
                }

                counts.TryGetValue(region.Guard, out var count);
                counts[region.Guard] = ++count;
                if (best is null || count > best.Count)
                {
                    best = new GuardUse(region.Guard, access, count);
                }
            }
        }

        return best;
    }
}

/// <summary>A guard that protects a field somewhere in its type, and one access that holds it.</summary>
internal sealed class GuardUse
{
    public GuardUse(Guard guard, FieldAccess example, int count)
    {
        Guard = guard;
        Example = example;
        Count = count;
    }

    public Guard Guard { get; }

    public FieldAccess Example { get; }

    public int Count { get; }
}
