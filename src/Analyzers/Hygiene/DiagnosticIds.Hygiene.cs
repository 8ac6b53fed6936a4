namespace Guarded.Analyzers;

public static partial class DiagnosticIds
{
    /// <summary>A <c>lock</c> on a field that is not <c>readonly</c> and is assigned outside the constructor.</summary>
    public const string LockObjectCanChange = "GRD401";

    /// <summary>A <c>lock</c> on an object other code can lock too (<c>this</c>, a <c>Type</c>, a string, a public member, a boxed value).</summary>
    public const string LockOnSharedIdentity = "GRD402";

    /// <summary>An instance member writes a static field without a guard, in a type whose instances run concurrently.</summary>
    public const string UnguardedStaticWriteFromInstance = "GRD403";

    /// <summary><c>Monitor.Wait</c>/<c>Pulse</c> outside the lock on their object, or <c>Wait</c> not in a loop that re-checks its condition.</summary>
    public const string MonitorWaitMisuse = "GRD404";

    /// <summary>A synchronous wait on a lock or a task inside <c>async</c> code, or while holding a lock.</summary>
    public const string BlockingWaitInAsyncCode = "GRD405";
}
