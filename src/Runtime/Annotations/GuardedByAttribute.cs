using System;

namespace Guarded;

/// <summary>
/// Declares that a field or property may only be read or written while the named guard is held.
/// </summary>
/// <remarks>
/// <para>
/// The guard is named by a member of the declaring type (a lock object field, a <c>SemaphoreSlim</c>, or
/// <c>"this"</c>), for example <c>[GuardedBy(nameof(_sync))]</c>. The attribute has no effect at run time.
/// </para>
/// <para>
/// The Guarded analyzers (GRD2xx, guarding) report every access to the annotated member that is not
/// lexically inside a <c>lock</c> on the guard, inside a method marked with <see cref="RequiresGuardAttribute"/>
/// for the same guard, or inside the scope of a guard handle (for example a <see cref="SessionLock"/>).
/// An access that is racy on purpose can be excused with <see cref="BenignRaceAttribute"/>.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class GuardedByAttribute : Attribute
{
    /// <summary>Initializes a new instance naming the guard member.</summary>
    /// <param name="guardMemberName">The name of the member that guards the annotated member (use <c>nameof</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="guardMemberName"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="guardMemberName"/> is empty or white space.</exception>
    public GuardedByAttribute(string guardMemberName)
    {
        GuardMemberName = Internal.Guard.NotNullOrWhiteSpace(guardMemberName, nameof(guardMemberName));
    }

    /// <summary>Gets the name of the guard member.</summary>
    public string GuardMemberName { get; }
}
