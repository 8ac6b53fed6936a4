using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Model;

/// <summary>A check on a shared collection and the acts that depend on it, with no single guard held across them.</summary>
internal sealed class CheckThenActSequence
{
    private CheckThenActSequence(CollectionOperation check, ImmutableArray<CollectionOperation> acts)
    {
        Check = check;
        Acts = acts;
    }

    public CollectionOperation Check { get; }

    public ImmutableArray<CollectionOperation> Acts { get; }

    /// <summary>
    /// Every unguarded check-then-act on <paramref name="field"/>: a check (<c>ContainsKey</c>, <c>TryGetValue</c>,
    /// <c>Count</c>, …) and the acts on the same key that depend on it, in the same body, not in one guard region.
    /// Constructors, other instances' fields and members declared benign are skipped.
    /// </summary>
    public static List<CheckThenActSequence> FindAll(TypeConcurrencyModel model, IFieldSymbol field, CancellationToken cancellationToken)
    {
        var checks = new List<(FieldAccess Access, CollectionOperation Operation)>();
        var acts = new List<(FieldAccess Access, CollectionOperation Operation)>();
        foreach (var access in model.AccessesOf(field))
        {
            if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member))
            {
                continue;
            }

            var operation = CollectionOperation.Classify(access.Operation);
            if (operation.Kind == CollectionOperationKind.Check)
            {
                checks.Add((access, operation));
            }
            else if (operation.Kind == CollectionOperationKind.Act)
            {
                acts.Add((access, operation));
            }
        }

        var sequences = new List<CheckThenActSequence>();
        if (acts.Count == 0)
        {
            return sequences;
        }

        foreach (var check in checks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ImmutableArray<CollectionOperation>.Builder? racingActs = null;
            foreach (var act in acts)
            {
                if (act.Access.Context.ExecutableRoot == check.Access.Context.ExecutableRoot &&
                    check.Operation.ConcernsSameKeyAs(act.Operation) &&
                    ControlDependence.DependsOn(act.Operation.Operation, check.Operation.Operation) &&
                    !model.AreInOneGuardRegion(check.Access, act.Access) &&
                    !IsRevalidated(model, act, checks))
                {
                    (racingActs ??= ImmutableArray.CreateBuilder<CollectionOperation>()).Add(act.Operation);
                }
            }

            if (racingActs is not null)
            {
                sequences.Add(new CheckThenActSequence(check.Operation, racingActs.ToImmutable()));
            }
        }

        return sequences;
    }

    /// <summary>
    /// Whether the act also depends on a check inside its own guard region (the optimistic or double-checked
    /// pattern: read, then re-read and validate under the guard before acting), which makes the earlier check a hint.
    /// </summary>
    internal static bool IsRevalidated(
        TypeConcurrencyModel model,
        (FieldAccess Access, CollectionOperation Operation) act,
        List<(FieldAccess Access, CollectionOperation Operation)> checks)
    {
        foreach (var recheck in checks)
        {
            if (model.AreInOneGuardRegion(recheck.Access, act.Access) &&
                recheck.Operation.ConcernsSameKeyAs(act.Operation) &&
                ControlDependence.DependsOn(act.Operation.Operation, recheck.Operation.Operation))
            {
                return true;
            }
        }

        return false;
    }
}
