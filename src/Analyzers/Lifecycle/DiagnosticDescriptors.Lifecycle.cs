using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers;

public static partial class DiagnosticDescriptors
{
    /// <summary>GRD301: a guard tests a state flag that is set only in a <c>finally</c> or after an <c>await</c>.</summary>
    public static readonly DiagnosticDescriptor LateStateFlagReset = Create(
        DiagnosticIds.LateStateFlagReset,
        title: "State flag is set too late after the check that tests it",
        messageFormat: "'{0}' is tested by the check '{1}' but only set by '{2}' {3}, so concurrent callers pass the check until then; {4}",
        DiagnosticCategories.Lifecycle,
        description: "A guard such as 'if (!_connected) return;' only keeps a second caller out once the flag has changed. When the flag changes in a finally block, after an await or after the work it guards, every caller that arrives while the slow work runs passes the same check and does the work again. Set the flag right after the check, guard with an in-progress flag that is set immediately, or, when the flag says the work's results are ready, run the check and the work under a lock.");

    /// <summary>GRD302: cleanup in a <c>finally</c> block changes shared state without the guard used elsewhere.</summary>
    public static readonly DiagnosticDescriptor UnguardedFinallyCleanup = Create(
        DiagnosticIds.UnguardedFinallyCleanup,
        title: "Cleanup in finally changes shared state without its guard",
        messageFormat: "'{0}' is changed by '{1}' in a finally block without holding {2}, which guards it elsewhere (in {3}); the cleanup races the guarded code",
        DiagnosticCategories.Lifecycle,
        description: "Cleanup code in a finally block runs concurrently with the other members like any other code. When it changes state that the rest of the type only touches under a guard, it races them: entries go missing and enumerations under the guard fail. Take the same guard inside the finally block.");

    /// <summary>GRD303: a lock is acquired and then released outside a <c>finally</c> block.</summary>
    public static readonly DiagnosticDescriptor ReleaseOutsideFinally = Create(
        DiagnosticIds.ReleaseOutsideFinally,
        title: "Lock release is not in a finally block",
        messageFormat: "'{1}' takes '{0}' but '{2}' releases it outside a finally block; an exception in between leaves '{0}' held and every later caller blocks",
        DiagnosticCategories.Lifecycle,
        description: "When the code between an acquire and its release throws, a release that is not in a finally block never runs: the lock stays held and every later caller waits forever. Release in a finally block of a try that starts right after the acquire, or use a lock statement.");

    /// <summary>GRD304: a thread-affine lock (<c>Monitor</c>, <c>ReaderWriterLockSlim</c>, <c>Lock</c>) is held across an <c>await</c>.</summary>
    public static readonly DiagnosticDescriptor ThreadAffineLockAcrossAwait = Create(
        DiagnosticIds.ThreadAffineLockAcrossAwait,
        title: "Thread-affine lock is held across an await",
        messageFormat: "'{1}' takes '{0}', which belongs to the thread that took it, and holds it across '{2}'; after the await the code may run on another thread, where the release throws or never happens",
        DiagnosticCategories.Lifecycle,
        description: "Monitor, ReaderWriterLockSlim and System.Threading.Lock are owned by the thread that entered them. Code after an await may resume on a different thread: releasing there throws SynchronizationLockException, and the owning thread keeps the lock forever. Use an async-compatible lock such as SemaphoreSlim with WaitAsync and a finally that releases it.");
}
