using Guarded.Analyzers.Guarding;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>
/// Updates of static state by instance code that no guard protects: an instance member (constructors and instance
/// field initializers included) of a type whose instances are used by several threads changes a static field with a
/// read-modify-write (<c>s_n++</c>, <c>s_total += x</c>, <c>s_n = s_n + 1</c>) or changes the non-concurrent
/// collection it holds (<c>s_items.Add(x)</c>), holding no guard. Every instance shares the field, so two instances
/// on two threads lose an update or corrupt the collection, even when each instance is used by one thread at a time.
/// </summary>
/// <remarks>
/// Plain stores (<c>s_last = this</c>), lazy initialization (<c>s_x ??= …</c>) and atomic calls are not updates here.
/// A field that some access guards is left to the guard rules (GRD201 names the guard), an immutable collection's
/// copy-and-swap to GRD106.
/// </remarks>
internal static class StaticStateUpdates
{
    /// <summary>The unguarded update of a static field by instance code at <paramref name="access"/>, or null.</summary>
    public static IOperation? UnguardedFromInstance(TypeConcurrencyModel model, FieldAccess access)
    {
        var field = access.Field;
        if (!field.IsStatic || access.Member.IsStatic || !InstancesRunConcurrently(model) ||
            !model.IsSharedState(field) || Annotations.IsDeclaredBenign(field) || Annotations.IsDeclaredBenign(access.Member) ||
            model.Types.IsImmutableCollection(field.Type) || !model.GuardsHeldOrRequiredAt(access).IsEmpty)
        {
            return null;
        }

        var update = ReadModifyWrite.At(access.Operation);
        if (update is null && model.Types.IsNonConcurrentCollection(field.Type) && FieldUse.Classify(access, model.Types) == FieldUseKind.Write &&
            access.Operation.Parent is { } change && change is not IAssignmentOperation)
        {
            update = change;
        }

        return update is null || model.DominantGuardOf(field) is not null ? null : update;
    }

    /// <summary>Whether the type's instances are used by several threads: its instance members show concurrency intent, or it is <c>[ThreadSafe]</c>.</summary>
    private static bool InstancesRunConcurrently(TypeConcurrencyModel model) =>
        model.HasConcurrencyIntent || Annotations.Has(model.Type, Annotations.ThreadSafe);
}
