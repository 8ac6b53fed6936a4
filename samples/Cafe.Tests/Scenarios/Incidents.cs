namespace Cafe.Tests.Scenarios;

/// <summary>
/// The invariant each seed incident broke, as the message Coyote must report. The test projects rewrite Cafe with
/// CoyoteDataRaceChecking, so Coyote may report an incident that uses a Dictionary without its lock first as a data
/// race on that dictionary (naming its type), before the invariant can fail: both name the same bug.
/// </summary>
public static class Incidents
{
    public const string SessionCreatedTwice = "WorkflowSessionCache: one order's session was created twice";
    public const string TabChargeLost = "TabService: a charge added to the tab was lost";
    public const string CreditSpentTwice = "TabService: the prepaid credit paid for more than it held";
    public const string TwoRequestsAtOnce = "SessionLockRegistry: two requests of one session ran at once";
    public const string LockDroppedWhileHeld = "SessionLockRegistry: the sweeper dropped a lock a request still held";
    public const string GoodbyeSentTwice = "ConnectionManager: the disconnect ran twice";

    /// <summary>Coyote's report for unsynchronized use of <c>WorkflowSessionCache._sessions</c>.</summary>
    public const string SessionsDataRace = "data race on 'System.Collections.Generic.Dictionary`2[System.String,Cafe.Workflows.WorkflowSession]'";

    /// <summary>Coyote's report for unsynchronized use of <c>TabService._tabs</c>.</summary>
    public const string TabsDataRace = "data race on 'System.Collections.Generic.Dictionary`2[System.String,System.Decimal]'";

    /// <summary>Coyote's report for unsynchronized use of <c>SessionLockRegistry._locks</c>.</summary>
    public const string LockTableDataRace = "data race on 'System.Collections.Generic.Dictionary`2[System.String,System.Threading.SemaphoreSlim]'";

    public static readonly string[] SessionCreatedTwiceOrRace = [SessionCreatedTwice, SessionsDataRace];
    public static readonly string[] TabChargeLostOrRace = [TabChargeLost, TabsDataRace];
    public static readonly string[] TwoRequestsAtOnceOrRace = [TwoRequestsAtOnce, LockTableDataRace];
    public static readonly string[] LockDroppedWhileHeldOrRace = [LockDroppedWhileHeld, LockTableDataRace];
}
