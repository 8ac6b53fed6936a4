using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers;

public static partial class DiagnosticDescriptors
{
    /// <summary>GRD401: a <c>lock</c> on a field that is not <c>readonly</c> and is assigned outside the constructor.</summary>
    public static readonly DiagnosticDescriptor LockObjectCanChange = Create(
        DiagnosticIds.LockObjectCanChange,
        title: "Lock object can change",
        messageFormat: "'{0}' is locked here but {1} assigns it: a thread that locks the new object does not exclude one that holds the old",
        DiagnosticCategories.Hygiene,
        description: "A lock excludes only threads that lock the same object. When the field that names the lock object is assigned while the program runs, two threads can read it on either side of the assignment, lock two different objects and run the critical section at once. Make the field readonly (assigned only in the constructor), or lock a dedicated readonly gate.");

    /// <summary>GRD402: a <c>lock</c> on an object other code can lock too.</summary>
    public static readonly DiagnosticDescriptor LockOnSharedIdentity = Create(
        DiagnosticIds.LockOnSharedIdentity,
        title: "Lock on an object that other code can lock",
        messageFormat: "'{0}' is locked here, but {1}",
        DiagnosticCategories.Hygiene,
        description: "Locking 'this', a Type, a string, a public field or property, or a boxed value lets code you do not control take the same lock (a deadlock or a stall you cannot see from this class), or gives every lock a different object (a boxed value). Lock a private readonly object that only this type can reach.");

    /// <summary>GRD403: an instance member writes a static field without a guard, in a type whose instances run concurrently.</summary>
    public static readonly DiagnosticDescriptor UnguardedStaticWriteFromInstance = Create(
        DiagnosticIds.UnguardedStaticWriteFromInstance,
        title: "Instance member writes static state without a guard",
        messageFormat: "Static '{0}' is written here by the instance member '{1}' without a guard, and instances of '{2}' are used by several threads",
        DiagnosticCategories.Hygiene,
        description: "A static field is shared by every instance. An instance member of a type that is used concurrently can run on several instances, and several threads, at once; an unguarded write to static state then races every other instance's read and write. Take the guard the other accesses of the field use, or update it with Interlocked.");

    /// <summary>GRD404: <c>Monitor.Wait</c>/<c>Pulse</c> outside the lock on their object, or <c>Wait</c> not in a loop.</summary>
    public static readonly DiagnosticDescriptor MonitorWaitMisuse = Create(
        DiagnosticIds.MonitorWaitMisuse,
        title: "Monitor.Wait or Pulse is misused",
        messageFormat: "'{0}' {1}",
        DiagnosticCategories.Hygiene,
        description: "Monitor.Wait, Pulse and PulseAll must be called while holding the lock on the same object (otherwise they throw SynchronizationLockException), and Wait must sit in a loop that re-checks the condition it waits for: a wake-up can come from a Pulse meant for another condition, or arrive after another thread already consumed the state, so waking up does not mean the condition holds.");

    /// <summary>GRD405: a synchronous wait on a lock or a task inside <c>async</c> code, or while holding a lock.</summary>
    public static readonly DiagnosticDescriptor BlockingWaitInAsyncCode = Create(
        DiagnosticIds.BlockingWaitInAsyncCode,
        title: "Synchronous wait in asynchronous code",
        messageFormat: "'{0}' blocks the thread {1}; {2}",
        DiagnosticCategories.Hygiene,
        description: "Blocking a thread-pool thread until a semaphore, a task or a lock becomes free starves the pool that would have completed it, and under a single-threaded synchronization context it deadlocks. In async code await the asynchronous form (WaitAsync, await the task); while holding a lock, do not wait for work that may need the same lock.");
}
