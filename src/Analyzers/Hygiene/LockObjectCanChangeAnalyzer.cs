using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Hygiene;

/// <summary>
/// GRD401: a <c>lock</c> (or <c>Monitor.Enter</c>/<c>TryEnter</c>) on a field of the type that is not <c>readonly</c>
/// and that the type's code replaces once the object is in use: an assignment of a new object outside construction,
/// <c>Interlocked.Exchange</c>, <c>Volatile.Write</c>, an <c>out</c> argument, a compare-exchange that swaps one object
/// for another. Every lock on the field is reported, at its operand; the additional locations are the replacing writes.
/// </summary>
/// <remarks>
/// A creation on first use with no guard held (<c>_gate ??= new object()</c>, <c>if (_gate == null) _gate = …</c>)
/// counts too: two threads can both find null and lock two new objects.
/// Quiet when the field is only assigned during construction (constructors, initializers, <c>init</c> accessors,
/// deserialization callbacks, and private helpers only they call), on a new or cloned object (<c>clone._gate = …</c>,
/// an object initializer), with null (a lock taken afterwards throws, it does not split), or by creation on first use
/// that publishes one object (<c>Interlocked.CompareExchange(ref _gate, new object(), null)</c>,
/// <c>LazyInitializer.EnsureInitialized</c>, a null-checked assignment under a guard): such a field moves from null
/// to one object and never changes again. Quiet too when every replacement and every lock of the field happen under
/// one other guard that itself cannot change (a <c>readonly</c> field, <c>this</c>, a <c>typeof</c>), and for fields
/// of other types (their writes are not in view), locals and parameters, and <c>[BenignRace]</c> fields and members.
/// </remarks>
public sealed class LockObjectCanChangeAnalyzer : TypeModelAnalyzer
{
    /// <summary>At most this many replacing writes are named in a message; the rest are counted.</summary>
    private const int NamedAssigners = 3;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LockObjectCanChange);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        var acquisitionsByField = new Dictionary<IFieldSymbol, List<LockAcquisition>>(SymbolEqualityComparer.Default);
        foreach (var acquisition in model.LockAcquisitions)
        {
            if (LockedOwnField(acquisition, model.Type) is { } field)
            {
                if (!acquisitionsByField.TryGetValue(field, out var acquisitions))
                {
                    acquisitionsByField[field] = acquisitions = new List<LockAcquisition>();
                }

                acquisitions.Add(acquisition);
            }
        }

        foreach (var pair in acquisitionsByField)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var field = pair.Key;
            if (field.IsReadOnly || Annotations.IsDeclaredBenign(field))
            {
                continue;
            }

            var replacements = model.AccessesOf(field).Where(access => ReplacesAfterConstruction(access, model)).ToList();
            if (replacements.Count == 0 || AllUnderOneFixedGuard(model, field, replacements, pair.Value))
            {
                continue;
            }

            var assigners = Describe(replacements.Select(r => r.Member).Distinct(SymbolEqualityComparer.Default).ToList());
            var additionalLocations = replacements.Select(r => (r.Operation.Parent ?? r.Operation).Syntax.GetLocation()).ToList();
            var properties = ImmutableDictionary<string, string?>.Empty.Add(GuardProperties.FieldName, field.Name);
            foreach (var acquisition in pair.Value)
            {
                if (Annotations.IsDeclaredBenign(acquisition.Member))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.LockObjectCanChange,
                    acquisition.LockedValue.Syntax.GetLocation(),
                    additionalLocations,
                    properties,
                    MessageText.NameOf(field),
                    assigners));
            }
        }
    }

    /// <summary>
    /// The field of the analysed type that <paramref name="acquisition"/> locks, if it locks one by name (also as
    /// <c>lock (_gate ??= new object())</c>).
    /// </summary>
    private static IFieldSymbol? LockedOwnField(LockAcquisition acquisition, INamedTypeSymbol type) =>
        acquisition.LockedValue.WithoutConversions() switch
        {
            IFieldReferenceOperation reference => reference,
            ICoalesceAssignmentOperation { Target: IFieldReferenceOperation target } => target,
            _ => null,
        } is { Field: var field } &&
        !field.IsConst &&
        field.Type.TypeKind != TypeKind.Error &&
        SymbolEqualityComparer.Default.Equals(field.ContainingType?.OriginalDefinition, type.OriginalDefinition)
            ? field.OriginalDefinition
            : null;

    /// <summary>Whether <paramref name="access"/> puts another object into the field of an instance (or type) that may already be in use.</summary>
    private static bool ReplacesAfterConstruction(FieldAccess access, TypeConcurrencyModel model)
    {
        var reference = access.Operation;
        var write = WriteOf(reference, model.Types);
        if (write == Write.None ||
            (write == Write.FirstUse && model.GuardsHeldOrRequiredAt(access).Any(g => g.Kind != GuardKind.ReadLock)))
        {
            // A creation on first use under a guard happens once: the field goes from null to one object for good.
            return false;
        }

        switch (reference.Instance?.WithoutConversions())
        {
            case null:
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                return reference.IsInNestedFunction() ||
                    !model.ConstructionOnlyMethods.RunsOnlyDuringConstruction(access.Member, reference.Field.IsStatic);

            // An object initializer or a `with` sets up the new object; a local holds one being built (a clone).
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
            case ILocalReferenceOperation:
                return false;

            default:
                return true;
        }
    }

    /// <summary>How the write at <paramref name="reference"/>, if it is one, changes the object the field holds.</summary>
    private static Write WriteOf(IFieldReferenceOperation reference, WellKnownTypes types)
    {
        switch (reference.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                return IsNull(assignment.Value) ? Write.None
                    : LazyInitialization.IsInitializingWrite(reference) ? Write.FirstUse
                    : Write.Replace;

            case ICoalesceAssignmentOperation coalesce when coalesce.Target == reference:
                return Write.FirstUse;

            case IArgumentOperation { Parameter.RefKind: RefKind.Out }:
                return Write.Replace;

            case IArgumentOperation { Parameter.RefKind: RefKind.Ref, Parent: IInvocationOperation invocation }:
                return ReplacesThroughRef(invocation, types) ? Write.Replace : Write.None;

            case ITupleOperation tuple:
                return IsDeconstructionTarget(tuple) ? Write.Replace : Write.None;

            default:
                return Write.None;
        }
    }

    /// <summary>
    /// <c>Interlocked.Exchange</c>, <c>Volatile.Write</c>, and a compare-exchange whose comparand is not null. A
    /// compare-exchange against null and <c>LazyInitializer.EnsureInitialized</c> publish the first object only; other
    /// methods that take the field by <c>ref</c> are not known to write it.
    /// </summary>
    private static bool ReplacesThroughRef(IInvocationOperation invocation, WellKnownTypes types)
    {
        var type = invocation.TargetMethod.ContainingType?.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(type, types.Volatile))
        {
            return invocation.TargetMethod.Name == "Write";
        }

        if (!SymbolEqualityComparer.Default.Equals(type, types.Interlocked))
        {
            return false;
        }

        return invocation.TargetMethod.Name switch
        {
            "Exchange" => true,
            "CompareExchange" => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 2) is { } comparand && !IsNull(comparand.Value),
            _ => false,
        };
    }

    private static bool IsDeconstructionTarget(ITupleOperation tuple)
    {
        IOperation current = tuple;
        while (current.Parent is ITupleOperation outer)
        {
            current = outer;
        }

        return current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current;
    }

    private static bool IsNull(IOperation value) =>
        value.ConstantValue is { HasValue: true, Value: null } || value.WithoutConversions() is IDefaultValueOperation { Type.IsReferenceType: true };

    /// <summary>
    /// Whether one guard other than the field holds at every replacement and every lock of it, and that guard cannot
    /// change itself: then no lock of the field can overlap a replacement or another lock of it.
    /// </summary>
    private static bool AllUnderOneFixedGuard(TypeConcurrencyModel model, IFieldSymbol field, List<FieldAccess> replacements, List<LockAcquisition> acquisitions)
    {
        // A read section lets several threads in at once: it keeps a replacement from no one.
        IEnumerable<Guard> common = model.GuardsHeldOrRequiredAt(replacements[0]).Where(g => g.Kind != GuardKind.ReadLock && IsFixedGuardOtherThan(g, field));
        foreach (var replacement in replacements.Skip(1))
        {
            var held = model.GuardsHeldOrRequiredAt(replacement).Where(g => g.Kind != GuardKind.ReadLock);
            common = common.Intersect(held).ToList();
        }

        foreach (var acquisition in acquisitions)
        {
            common = common.Intersect(model.GuardsHeldOrRequiredAt(acquisition.Context, acquisition.Member)).ToList();
        }

        return common.Any();
    }

    private static bool IsFixedGuardOtherThan(Guard guard, IFieldSymbol field) => guard.Target switch
    {
        GuardTargetKind.This or GuardTargetKind.TypeOf => true,
        GuardTargetKind.Symbol => guard.Symbol is IFieldSymbol { IsReadOnly: true } other && !SymbolEqualityComparer.Default.Equals(other.OriginalDefinition, field),
        _ => false,
    };

    /// <summary>"'Reset'", "each of 'Reset' and 'Reconnect'", "each of 'A', 'B', 'C' and 2 other members".</summary>
    private static string Describe(List<ISymbol> members)
    {
        var names = members.Take(NamedAssigners).Select(NameOf).ToList();
        if (members.Count == 1)
        {
            return names[0];
        }

        var rest = members.Count - names.Count;
        return rest > 0
            ? $"each of {string.Join(", ", names)} and {rest} other member{(rest == 1 ? string.Empty : "s")}"
            : $"each of {string.Join(", ", names.Take(names.Count - 1))} and {names[names.Count - 1]}";
    }

    private static string NameOf(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } => "the constructor",
        IMethodSymbol { MethodKind: MethodKind.StaticConstructor } => "the static constructor",
        IMethodSymbol { AssociatedSymbol: { } property } => $"'{property.Name}'",
        _ => $"'{member.Name}'",
    };

    private enum Write
    {
        /// <summary>Not a write, or one that leaves no other object to lock: null, a publish-once compare-exchange.</summary>
        None,

        /// <summary>A null-checked creation (<c>??=</c>, <c>if (_f == null) _f = …</c>): a race only when no guard is held.</summary>
        FirstUse,

        /// <summary>Stores an object whatever the field held.</summary>
        Replace,
    }
}
