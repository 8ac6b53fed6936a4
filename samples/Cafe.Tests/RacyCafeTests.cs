using Cafe.Tests.Scenarios;
using Guarded.Coyote;
using Xunit.Abstractions;

namespace Cafe.Tests;

/// <summary>
/// samples/Cafe as shipped: Coyote must find every seed incident, with its message, and save a replayable trace.
/// samples/Cafe.Fixed.Tests runs the same scenarios on the code `guarded fix` produced. Each test writes what Coyote
/// found (seed, paths, bug report, trace) to its output (`dotnet test --logger "console;verbosity=detailed"`).
/// </summary>
public sealed class RacyCafeTests(ITestOutputHelper output)
{
    [Fact]
    public void Assemblies_AreRewritten() =>
        Assert.Empty(SystematicTest.FindUnrewrittenAssemblies(typeof(RacyCafeTests).Assembly, [typeof(Cafe.Workflows.WorkflowSessionCache).Assembly]));

    [Fact]
    public void WorkflowSessionCache_CreatesASessionTwice() =>
        output.WriteLine(SystematicTest.FindsBug(WorkflowScenarios.TwoRequestsForANewOrder, Incidents.SessionCreatedTwiceOrRace).ToString());

    [Fact]
    public void TabService_LosesATabCharge() =>
        output.WriteLine(SystematicTest.FindsBug(TabScenarios.TwoTillsChargeOneTab, Incidents.TabChargeLostOrRace).ToString());

    [Fact]
    public void TabService_SpendsTheCreditTwice() =>
        output.WriteLine(SystematicTest.FindsBug(TabScenarios.TwoOrdersPayFromCreditForOne, Incidents.CreditSpentTwice, Exploration.FieldAccesses).ToString());

    [Fact]
    public void SessionLockRegistry_RunsTheFirstTwoRequestsAtOnce() =>
        output.WriteLine(SystematicTest.FindsBug(SessionLockScenarios.FirstTwoRequestsOfASession, Incidents.TwoRequestsAtOnceOrRace).ToString());

    [Fact]
    public void SessionLockRegistry_SweeperDropsAHeldLock() =>
        output.WriteLine(SystematicTest.FindsBug(SessionLockScenarios.SweeperRunsWhileARequestHoldsTheLock, Incidents.LockDroppedWhileHeldOrRace).ToString());

    [Fact]
    public void ConnectionManager_DisconnectsTwice() =>
        output.WriteLine(SystematicTest.FindsBug(ConnectionScenarios.TwoDisconnectsAtOnce, Incidents.GoodbyeSentTwice).ToString());
}
