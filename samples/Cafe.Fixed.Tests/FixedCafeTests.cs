using Cafe.Tests.Scenarios;
using Guarded.Coyote;

namespace Cafe.Fixed.Tests;

/// <summary>
/// samples/Cafe.Fixed (the sample after `guarded fix`) under the scenarios that expose the seed incidents in
/// samples/Cafe (see Cafe.Tests.RacyCafeTests): every incident passes, with Coyote's data race checking on.
/// The session lock registry is now a Guarded.Runtime SessionLocks (GRD107's fix), so Guarded.Runtime is rewritten
/// and explored along with the sample.
/// </summary>
public sealed class FixedCafeTests
{
    [Fact]
    public void Assemblies_AreRewritten() =>
        Assert.Empty(SystematicTest.FindUnrewrittenAssemblies(typeof(FixedCafeTests).Assembly, [typeof(Cafe.Workflows.WorkflowSessionCache).Assembly, typeof(Guarded.SessionLocks<>).Assembly]));

    [Fact]
    public void WorkflowSessionCache_CreatesEachSessionOnce() =>
        SystematicTest.Run(WorkflowScenarios.TwoRequestsForANewOrder);

    [Fact]
    public void TabService_KeepsEveryTabCharge() =>
        SystematicTest.Run(TabScenarios.TwoTillsChargeOneTab);

    [Fact]
    public void TabService_SpendsTheCreditOnce() =>
        SystematicTest.Run(TabScenarios.TwoOrdersPayFromCreditForOne, Exploration.FieldAccesses);

    [Fact]
    public void SessionLockRegistry_RunsTheFirstTwoRequestsOneAtATime() =>
        SystematicTest.Run(SessionLockScenarios.FirstTwoRequestsOfASession);

    /// <summary>The sweeper (now <c>SessionLocks.Sweep</c>) never drops a lock that is held, awaited or being handed over.</summary>
    [Fact]
    public void SessionLockRegistry_SweeperNeverDropsAHeldLock() =>
        SystematicTest.Run(SessionLockScenarios.SweeperRunsWhileARequestHoldsTheLock);

    [Fact]
    public void ConnectionManager_DisconnectsOnce() =>
        SystematicTest.Run(ConnectionScenarios.TwoDisconnectsAtOnce);
}
