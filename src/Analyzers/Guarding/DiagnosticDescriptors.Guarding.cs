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
}
