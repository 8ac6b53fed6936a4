using Guarded.Runtime.SystematicTests.Adapters;
using Guarded.Runtime.SystematicTests.Broken;
using Guarded.Coyote;

namespace Guarded.Runtime.SystematicTests.Locking;

/// <summary>
/// <see cref="SessionLocks{TKey}"/> against the SPEC's lock invariants; every invariant is also run against a
/// broken twin, which Coyote must catch with that invariant's message.
/// </summary>
public sealed class SessionLocksSystematicTests
{
    [Fact]
    public void ConcurrentAcquireAsync_WithSweeps_NeverTwoHolders() =>
        SystematicTest.Run(() => SessionLockScenarios.SingleHolderAsync(new RuntimeSessionLocks()));

    [Fact]
    public void ConcurrentAcquire_WithSweeps_NeverTwoHolders() =>
        SystematicTest.Run(() => SessionLockScenarios.SingleHolderSync(new RuntimeSessionLocks()));

    [Fact]
    public void ConcurrentAcquireAsync_WithIdleSweeps_NeverTwoHolders() =>
        SystematicTest.Run(() => SessionLockScenarios.SingleHolderAsyncWithIdleSweeps(new RuntimeSessionLocks()));

    [Fact]
    public void SingleHolder_IdleSweeps_SweepIgnoresHoldersTwin_IsCaught() =>
        SystematicTest.FindsBug(() => SessionLockScenarios.SingleHolderAsyncWithIdleSweeps(new SweepIgnoresHoldersLocks()), Invariants.SingleHolder);

    [Fact]
    public void SingleHolder_SweepIgnoresHoldersTwin_IsCaught() =>
        SystematicTest.FindsBug(() => SessionLockScenarios.SingleHolderAsync(new SweepIgnoresHoldersLocks()), Invariants.SingleHolder);

    [Fact]
    public void SingleHolder_UncountedRemovalTwin_IsCaught() =>
        SystematicTest.FindsBug(() => SessionLockScenarios.SingleHolderAsync(new UncountedRemovalLocks()), Invariants.SingleHolder);

    [Fact]
    public void SingleHolder_Sync_SweepIgnoresHoldersTwin_IsCaught() =>
        SystematicTest.FindsBug(() => SessionLockScenarios.SingleHolderSync(new SweepIgnoresHoldersLocks()), Invariants.SingleHolder);

    [Fact]
    public void TimedOutOrCancelledWaiters_DoNotLeakTheLock() =>
        SystematicTest.Run(() => SessionLockScenarios.NoLeakAfterTimeoutOrCancellation(new RuntimeSessionLocks()));

    [Fact]
    public void NoLeak_GrantThenCancelTwin_IsCaught() =>
        SystematicTest.FindsBug(() => SessionLockScenarios.NoLeakAfterTimeoutOrCancellation(new GrantThenCancelLeaksLocks()), Invariants.NoLeakedLock);

    [Fact]
    public void Dispose_FailsEveryWaiter() =>
        SystematicTest.Run(() => SessionLockScenarios.DisposeFailsWaiters(new RuntimeSessionLocks()));

    [Fact]
    public void DisposeFailsWaiters_QueueOnlyDisposeTwin_IsCaught() =>
        SystematicTest.FindsBug(() => SessionLockScenarios.DisposeFailsWaiters(new QueueOnlyDisposeLocks()), Invariants.DisposeFailsWaiters);

    [Fact]
    public void Dispose_FailsEveryWaiter_WhileTheLockStaysHeld() =>
        SystematicTest.Run(() => SessionLockScenarios.DisposeFailsWaitersWhileHeld(new RuntimeSessionLocks()));

    [Fact]
    public void DisposeFailsWaitersWhileHeld_QueueOnlyDisposeTwin_IsCaught() =>
        SystematicTest.FindsBug(() => SessionLockScenarios.DisposeFailsWaitersWhileHeld(new QueueOnlyDisposeLocks()), Invariants.Deadlock);
}
