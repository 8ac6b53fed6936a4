using System;

namespace Guarded;

/// <summary>
/// Declares that instances of the annotated type may be used from several threads at once.
/// </summary>
/// <remarks>
/// The attribute has no effect at run time. The Guarded analyzers treat every mutable instance field of an
/// annotated type as shared state: check-then-act and read-modify-write sequences on such fields (GRD1xx) and
/// accesses outside the declared guard (GRD2xx) are reported, unless the field is marked with
/// <see cref="GuardedByAttribute"/> and accessed under its guard, or excused with
/// <see cref="BenignRaceAttribute"/>. Fields of types that are not annotated are only checked when the
/// analyzers can see them being shared (for example captured by a lambda passed to <c>Task.Run</c>).
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = true)]
public sealed class ThreadSafeAttribute : Attribute
{
}
