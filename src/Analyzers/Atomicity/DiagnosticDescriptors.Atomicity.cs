using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers;

public static partial class DiagnosticDescriptors
{
    /// <summary>GRD101: a check and a dependent act on a shared non-concurrent collection are not under one guard.</summary>
    public static readonly DiagnosticDescriptor CheckThenActOnSharedCollection = Create(
        DiagnosticIds.CheckThenActOnSharedCollection,
        title: "Check-then-act on a shared collection is not atomic",
        messageFormat: "'{0}' is checked with {1} and then changed with {2}, but no single guard is held across both; {3}",
        DiagnosticCategories.Atomicity,
        description: "Another thread can change the collection between the check and the act: two callers both see the key missing and both add it, or one removes what the other just checked. Hold one guard across the check and the act, or use an atomic get-or-add.");
}
