using System;

namespace Guarded;

/// <summary>
/// Declares that callers must hold the named guard when they call the annotated method or property.
/// </summary>
/// <remarks>
/// <para>
/// The body of the annotated member may access members marked <see cref="GuardedByAttribute"/> with the same
/// guard without taking the guard itself. The attribute has no effect at run time.
/// </para>
/// <para>
/// The Guarded analyzers (GRD2xx, guarding) check the other side of the contract: every call site of the
/// annotated member must be inside a <c>lock</c> on the guard (or inside another member that requires it),
/// otherwise a diagnostic is reported at the call.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = true, Inherited = true)]
public sealed class RequiresGuardAttribute : Attribute
{
    /// <summary>Initializes a new instance naming the guard that callers must hold.</summary>
    /// <param name="guardMemberName">The name of the guard member (use <c>nameof</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="guardMemberName"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="guardMemberName"/> is empty or white space.</exception>
    public RequiresGuardAttribute(string guardMemberName)
    {
        GuardMemberName = Internal.Guard.NotNullOrWhiteSpace(guardMemberName, nameof(guardMemberName));
    }

    /// <summary>Gets the name of the guard member callers must hold.</summary>
    public string GuardMemberName { get; }
}
