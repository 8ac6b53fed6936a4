namespace Guarded.Analyzers;

/// <summary>The diagnostic properties through which the waiting rules (GRD404, GRD405) tell their code fixes what they found.</summary>
public static class WaitProperties
{
    /// <summary>GRD404: why the call is reported, <see cref="NotHeld"/> or <see cref="NotInLoop"/>.</summary>
    public const string Reason = "Reason";

    /// <summary>GRD404: <c>Monitor.Wait</c>/<c>Pulse</c>/<c>PulseAll</c> runs without the lock on its object.</summary>
    public const string NotHeld = "NotHeld";

    /// <summary>GRD404: <c>Monitor.Wait</c> is guarded by an <c>if</c> instead of a loop that re-checks its condition.</summary>
    public const string NotInLoop = "NotInLoop";

    /// <summary>GRD405: "true" when the blocking wait runs in an <c>async</c> function, where <c>await</c> can replace it.</summary>
    public const string InAsyncFunction = "InAsyncFunction";

    /// <summary>GRD405: "true" when a thread-affine lock is held at the wait: an <c>await</c> there would move its release to another thread.</summary>
    public const string HoldsThreadLock = "HoldsThreadLock";
}
