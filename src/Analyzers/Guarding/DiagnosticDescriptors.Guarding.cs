using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers;

public static partial class DiagnosticDescriptors
{
    /// <summary>GRD201: a shared field is written under a guard in one member and accessed without any guard in another.</summary>
    public static readonly DiagnosticDescriptor InconsistentlyGuardedField = Create(
        DiagnosticIds.InconsistentlyGuardedField,
        title: "Shared field is accessed without the guard that protects its writes",
        messageFormat: "'{0}' is written under {1} in {2} but {3} here without it",
        DiagnosticCategories.Guarding,
        description: "A guard only protects a field when every access holds it. A reader that skips the writer's lock can see a half-updated value or a collection in the middle of a resize, and a writer that skips it loses updates. Take the same guard around the access.");

    /// <summary>GRD203: a <c>[GuardedBy]</c> field is touched, or a <c>[RequiresGuard]</c> member is called, without the declared guard.</summary>
    public static readonly DiagnosticDescriptor AnnotatedGuardNotHeld = Create(
        DiagnosticIds.AnnotatedGuardNotHeld,
        title: "Declared guard is not held",
        messageFormat: "'{0}' is {1} here without holding '{2}', which [{3}] on '{0}' requires",
        DiagnosticCategories.Guarding,
        description: "The field or member is annotated with the guard that protects it ([GuardedBy(nameof(_gate))] or [RequiresGuard(nameof(_gate))]), but this access or call does not hold that guard. Take the guard around it.");

    /// <summary>GRD202: a shared collection is enumerated outside the guard under which it is mutated.</summary>
    public static readonly DiagnosticDescriptor EnumerationOutsideGuard = Create(
        DiagnosticIds.EnumerationOutsideGuard,
        title: "Shared collection is enumerated outside its guard",
        messageFormat: "'{0}' is enumerated here ({1}) without {2}, but {3} changes it under that guard",
        DiagnosticCategories.Guarding,
        description: "Enumerating a non-concurrent collection while another thread changes it throws InvalidOperationException ('Collection was modified') at best and reads torn state at worst. Copy the collection under its guard and enumerate the copy.");

    /// <summary>GRD205: shared state is mutated inside a read section of a reader-writer lock.</summary>
    public static readonly DiagnosticDescriptor MutationInsideReadLock = Create(
        DiagnosticIds.MutationInsideReadLock,
        title: "Shared state is mutated inside a read lock",
        messageFormat: "'{0}' is changed here inside a read section of '{1}', which other readers hold at the same time",
        DiagnosticCategories.Guarding,
        description: "A read lock admits any number of readers at once, so a write inside it races every other reader and every other such write. Take the write lock (or an upgradeable read lock upgraded to a write lock) for a section that changes state.");

    /// <summary>GRD204: the same field is guarded by different lock objects in different members.</summary>
    // Off by default: on real code most fields it saw guarded the reference and the contents with two locks on purpose (eval/, GRD204.md).
    public static readonly DiagnosticDescriptor FieldGuardedByDifferentLocks = Create(
        DiagnosticIds.FieldGuardedByDifferentLocks,
        title: "Field is guarded by different locks",
        messageFormat: "'{0}' is guarded by {1} here but by {2} in {3}, the guard most of its accesses hold",
        DiagnosticCategories.Guarding,
        description: "Two different lock objects do not exclude each other: code holding one and code holding the other touch the field at the same time. Guard every access with the same lock.",
        isEnabledByDefault: false);
}
