namespace Guarded.Runtime.SystematicTests;

/// <summary>
/// The SPEC's invariants, one message each. Scenarios assert them with <c>Specification.Assert</c>; the broken
/// twins' tests check that Coyote reports exactly this message, so a twin caught for the wrong reason fails.
/// </summary>
internal static class Invariants
{
    // DoubleCheckedCache
    public const string OneFactoryRunPerKey = "Cache: more than one factory run for one key";
    public const string WaiterSeesFailure = "Cache: a caller got a value that no successful load produced";
    public const string SuccessStaysCached = "Cache: a successfully loaded value was evicted by a failed load's cleanup";
    public const string FailureNotCached = "Cache: a failed load was cached";
    public const string NoStaleResurrection = "Cache: a value loaded before Invalidate was served after it";

    // SessionLocks
    public const string SingleHolder = "SessionLocks: two holders of one key's lock at once";
    public const string NoLeakedLock = "SessionLocks: the lock is still held after every caller finished";
    public const string DisposeFailsWaiters = "SessionLocks: a caller waiting when Dispose ran was not failed with ObjectDisposedException";

    // Coyote's own report when every task waits for something nobody will complete (for example a waiter Dispose missed).
    public const string Deadlock = "Deadlock detected";

    // VersionedLedger
    public const string OneCommitPerVersion = "Ledger: two updates with the same expected version did not give exactly one commit and one conflict";
    public const string NoLostCommit = "Ledger: a commit was lost or duplicated";
    public const string VersionsIncrease = "Ledger: versions did not strictly increase by one per commit";
    public const string NeverOverdrawn = "Ledger: a rejected (overdrawing) update was committed";
    public const string JournaledBeforeAck = "Ledger: a commit was acknowledged before its journal append";
    public const string ReentryRefused = "Ledger: an update from inside decide was not refused with LockRecursionException";
}
