namespace Guarded.Analyzers;

public static partial class DiagnosticIds
{
    /// <summary>Check-then-act on a shared non-concurrent collection.</summary>
    public const string CheckThenActOnSharedCollection = "GRD101";

    /// <summary>Check-then-act on a concurrent collection that has an atomic API for the sequence.</summary>
    public const string CheckThenActOnConcurrentCollection = "GRD102";

    /// <summary>Lazy initialization of shared state without synchronization.</summary>
    public const string UnsynchronizedLazyInitialization = "GRD103";

    /// <summary>Double-checked locking that is broken under the .NET memory model.</summary>
    public const string BrokenDoubleCheckedLocking = "GRD104";

    /// <summary>Non-atomic read-modify-write of a shared field.</summary>
    public const string NonAtomicReadModifyWrite = "GRD105";

    /// <summary>Lost update on an immutable collection field.</summary>
    public const string LostUpdateOnImmutableCollection = "GRD106";

    /// <summary>Per-key lock registry built with check-then-act, or with entries removed while they may be held.</summary>
    public const string UnsafeLockRegistry = "GRD107";

    /// <summary>An atomic update whose result is dropped while the field is read again separately.</summary>
    public const string AtomicResultIgnored = "GRD108";
}
