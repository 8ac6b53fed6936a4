using System;

namespace Guarded;

/// <summary>
/// Declares that unsynchronized access to the annotated member (or to every member of the annotated class)
/// is intentional, and says why.
/// </summary>
/// <remarks>
/// The attribute has no effect at run time. The Guarded analyzers suppress their atomicity (GRD1xx) and
/// guarding (GRD2xx) diagnostics for the annotated field, property, method or class. The justification is
/// required so that a reviewer can judge the claim; an empty justification is rejected when the attribute is
/// constructed, and the analyzers report it as well.
/// </remarks>
[AttributeUsage(
    AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Method | AttributeTargets.Class,
    AllowMultiple = false,
    Inherited = false)]
public sealed class BenignRaceAttribute : Attribute
{
    /// <summary>Initializes a new instance with the reason why the race is harmless.</summary>
    /// <param name="justification">Why the unsynchronized access is correct, for example "monotonic statistics counter, approximate by design".</param>
    /// <exception cref="ArgumentNullException"><paramref name="justification"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="justification"/> is empty or white space.</exception>
    public BenignRaceAttribute(string justification)
    {
        Justification = Internal.Guard.NotNullOrWhiteSpace(justification, nameof(justification));
    }

    /// <summary>Gets the reason why the race is harmless.</summary>
    public string Justification { get; }
}
