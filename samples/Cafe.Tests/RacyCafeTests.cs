using Cafe.Tests.Scenarios;
using Guarded.Coyote;

namespace Cafe.Tests;

/// <summary>
/// samples/Cafe as shipped: Coyote must find every seed incident, with its message, and save a replayable trace.
/// samples/Cafe.Fixed.Tests runs the same scenarios on the code `guarded fix` produced.
/// </summary>
public sealed class RacyCafeTests
{
    [Fact]
    public void Assemblies_AreRewritten() =>
        Assert.Empty(SystematicTest.FindUnrewrittenAssemblies(typeof(RacyCafeTests).Assembly, [typeof(Cafe.Workflows.WorkflowSessionCache).Assembly]));

    [Fact]
    public void WorkflowSessionCache_CreatesASessionTwice() =>
        SystematicTest.FindsBug(WorkflowScenarios.TwoRequestsForANewOrder, Incidents.SessionCreatedTwiceOrRace);

    [Fact]
    public void TabService_LosesATabCharge() =>
        SystematicTest.FindsBug(TabScenarios.TwoTillsChargeOneTab, Incidents.TabChargeLostOrRace);

    [Fact]
    public void TabService_SpendsTheCreditTwice() =>
        SystematicTest.FindsBug(TabScenarios.TwoOrdersPayFromCreditForOne, Incidents.CreditSpentTwice, Exploration.FieldAccesses);

    [Fact]
    public void SessionLockRegistry_RunsTheFirstTwoRequestsAtOnce() =>
        SystematicTest.FindsBug(SessionLockScenarios.FirstTwoRequestsOfASession, Incidents.TwoRequestsAtOnceOrRace);

    [Fact]
    public void SessionLockRegistry_SweeperDropsAHeldLock() =>
        SystematicTest.FindsBug(SessionLockScenarios.SweeperRunsWhileARequestHoldsTheLock, Incidents.LockDroppedWhileHeldOrRace);

    [Fact]
    public void ConnectionManager_DisconnectsTwice() =>
        SystematicTest.FindsBug(ConnectionScenarios.TwoDisconnectsAtOnce, Incidents.GoodbyeSentTwice);
}
