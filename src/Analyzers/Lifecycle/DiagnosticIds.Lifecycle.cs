namespace Guarded.Analyzers;

public static partial class DiagnosticIds
{
    /// <summary>A state flag tested by a guard is set only later (in a <c>finally</c> or after an <c>await</c>).</summary>
    public const string LateStateFlagReset = "GRD301";

    /// <summary>Cleanup in a <c>finally</c> block mutates shared state without the guard that protects it elsewhere.</summary>
    public const string UnguardedFinallyCleanup = "GRD302";

    /// <summary>A lock's release is not in a <c>finally</c> block.</summary>
    public const string ReleaseOutsideFinally = "GRD303";

    /// <summary>A thread-affine lock is held across an <c>await</c>.</summary>
    public const string ThreadAffineLockAcrossAwait = "GRD304";
}
