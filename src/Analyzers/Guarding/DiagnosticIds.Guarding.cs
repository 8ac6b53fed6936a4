namespace Guarded.Analyzers;

public static partial class DiagnosticIds
{
    /// <summary>A shared field written under a guard in one member and accessed without any guard in another.</summary>
    public const string InconsistentlyGuardedField = "GRD201";

    /// <summary>A <c>[GuardedBy]</c> field touched, or a <c>[RequiresGuard]</c> member called, without holding the declared guard.</summary>
    public const string AnnotatedGuardNotHeld = "GRD203";

    /// <summary>A shared collection enumerated outside the guard under which it is mutated.</summary>
    public const string EnumerationOutsideGuard = "GRD202";

    /// <summary>Shared state mutated inside a <c>ReaderWriterLockSlim</c> read section.</summary>
    public const string MutationInsideReadLock = "GRD205";

    /// <summary>The same field guarded by different lock objects in different members.</summary>
    public const string FieldGuardedByDifferentLocks = "GRD204";
}
