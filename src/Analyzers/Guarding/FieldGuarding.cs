using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Guarding;

/// <summary>One access of a field that the guarding rules judge, with what it does and the guards held there.</summary>
internal sealed class GuardedAccess
{
    public GuardedAccess(FieldAccess access, FieldUseKind use, ImmutableHashSet<Guard> held)
    {
        Access = access;
        Use = use;
        Held = held;
    }

    public FieldAccess Access { get; }

    public FieldUseKind Use { get; }

    /// <summary>Every guard held at the access (guards on expressions the model cannot name included).</summary>
    public ImmutableHashSet<Guard> Held { get; }

    public bool IsWrite => Use == FieldUseKind.Write;
}

/// <summary>
/// How one field is guarded across its type: its accesses outside constructors (on its own instance, outside
/// <c>[BenignRace]</c> members) and the guard most of its guarded writes hold.
/// </summary>
internal sealed class FieldGuarding
{
    private FieldGuarding(IFieldSymbol field, ImmutableArray<GuardedAccess> accesses, GuardUse? writeGuard)
    {
        Field = field;
        Accesses = accesses;
        WriteGuard = writeGuard;
    }

    public IFieldSymbol Field { get; }

    public ImmutableArray<GuardedAccess> Accesses { get; }

    /// <summary>The guard most writes hold, with one write that holds it; null when no write holds a guard.</summary>
    public GuardUse? WriteGuard { get; }

    public static FieldGuarding Compute(TypeConcurrencyModel model, IFieldSymbol field)
    {
        var accesses = ImmutableArray.CreateBuilder<GuardedAccess>();
        foreach (var access in model.AccessesOf(field))
        {
            if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member))
            {
                continue;
            }

            accesses.Add(new GuardedAccess(access, FieldUse.Classify(access, model.Types), model.GuardsHeldOrRequiredAt(access)));
        }

        // Operation blocks arrive in any order: sort by position so the guard and the example are deterministic.
        accesses.Sort(static (a, b) => SourceOrder.Compare(a.Access.Operation, b.Access.Operation));
        var result = accesses.ToImmutable();
        return new FieldGuarding(field, result, DominantGuard(result.Where(a => a.IsWrite), model.OutsideCallerGuards));
    }

    /// <summary>
    /// The guard most of <paramref name="accesses"/> hold (ties: the one held first in source order), with the first
    /// access that holds it. <paramref name="notKept"/> do not count: a lock that only callers in other types hold says
    /// those calls are serialized, not that the type guards the field with it. <paramref name="accesses"/> must be in
    /// source order.
    /// </summary>
    public static GuardUse? DominantGuard(IEnumerable<GuardedAccess> accesses, ImmutableHashSet<Guard>? notKept = null)
    {
        var counts = new Dictionary<Guard, int>();
        var examples = new Dictionary<Guard, FieldAccess>();
        var order = new List<Guard>();
        foreach (var access in accesses)
        {
            foreach (var guard in access.Held)
            {
                if (guard.Target == GuardTargetKind.Unknown || (notKept is not null && notKept.Contains(guard)))
                {
                    continue;
                }

                counts.TryGetValue(guard, out var count);
                counts[guard] = count + 1;
                if (count == 0)
                {
                    examples[guard] = access.Access;
                    order.Add(guard);
                }
            }
        }

        GuardUse? best = null;
        foreach (var guard in order)
        {
            if (best is null || counts[guard] > best.Count)
            {
                best = new GuardUse(guard, examples[guard], counts[guard]);
            }
        }

        return best;
    }
}

/// <summary>Orders operations by file and position, so that results do not depend on the order Roslyn analysed members in.</summary>
internal static class SourceOrder
{
    public static int Compare(IOperation first, IOperation second)
    {
        var byFile = string.CompareOrdinal(first.Syntax.SyntaxTree.FilePath, second.Syntax.SyntaxTree.FilePath);
        return byFile != 0 ? byFile : first.Syntax.SpanStart.CompareTo(second.Syntax.SpanStart);
    }
}
