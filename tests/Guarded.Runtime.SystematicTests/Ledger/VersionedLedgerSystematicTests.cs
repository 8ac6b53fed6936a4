using Guarded.Runtime.SystematicTests.Adapters;
using Guarded.Runtime.SystematicTests.Broken;
using Guarded.Coyote;

namespace Guarded.Runtime.SystematicTests.Ledger;

/// <summary>
/// <see cref="VersionedLedger{TKey, TState}"/> (in memory and journaled to an in-memory stream) against the SPEC's
/// ledger invariants; every invariant is also run against a broken twin, which Coyote must catch with its message.
/// </summary>
public sealed class VersionedLedgerSystematicTests
{
    private const int Balance = 100;
    private const int SmallBalance = 10;

    [Fact]
    public void TryUpdate_SameExpectedVersion_OneCommitOneConflict() =>
        SystematicTest.Run(() => LedgerScenarios.SameExpectedVersion(RuntimeLedger.InMemory(Balance)));

    [Fact]
    public void TryUpdate_SameExpectedVersion_Journaled_OneCommitOneConflict() =>
        SystematicTest.Run(() => LedgerScenarios.SameExpectedVersion(RuntimeLedger.Journaled(Balance, new RecordingJournalStream())));

    [Fact]
    public void TryUpdate_SameExpectedVersion_CheckOutsideLockTwin_IsCaught() =>
        SystematicTest.FindsBug(() => LedgerScenarios.SameExpectedVersion(new CheckOutsideLockLedger(Balance)), Invariants.OneCommitPerVersion);

    [Fact]
    public void Update_ConcurrentDeposits_NoLostCommit_VersionsIncrease() =>
        SystematicTest.Run(() => LedgerScenarios.ConcurrentDeposits(RuntimeLedger.InMemory(Balance)));

    [Fact]
    public void Update_ConcurrentDeposits_Journaled_NoLostCommit_VersionsIncrease() =>
        SystematicTest.Run(() => LedgerScenarios.ConcurrentDeposits(RuntimeLedger.Journaled(Balance, new RecordingJournalStream())));

    [Fact]
    public void Update_ConcurrentDeposits_RacySlotTwin_IsCaught() =>
        SystematicTest.FindsBug(() => LedgerScenarios.ConcurrentDeposits(new RacySlotLedger(Balance)), Invariants.NoLostCommit);

    [Fact]
    public void Update_ConcurrentDeposits_StaleVersionTwin_IsCaught() =>
        SystematicTest.FindsBug(() => LedgerScenarios.ConcurrentDeposits(new StaleVersionLedger(Balance)), Invariants.VersionsIncrease);

    [Fact]
    public void Update_ConcurrentWithdrawals_NeverOverdraw() =>
        SystematicTest.Run(() => LedgerScenarios.ConcurrentWithdrawals(RuntimeLedger.InMemory(SmallBalance)));

    [Fact]
    public void Update_ConcurrentWithdrawals_DecideOutsideLockTwin_IsCaught() =>
        SystematicTest.FindsBug(() => LedgerScenarios.ConcurrentWithdrawals(new DecideOutsideLockLedger(SmallBalance)), Invariants.NeverOverdrawn);

    [Fact]
    public void Journaled_Update_AcknowledgesOnlyDurableCommits() =>
        SystematicTest.Run(() => LedgerScenarios.AcknowledgedAfterJournal(journal => RuntimeLedger.Journaled(Balance, journal)));

    [Fact]
    public void Journaled_AckBeforeJournalTwin_IsCaught() =>
        SystematicTest.FindsBug(() => LedgerScenarios.AcknowledgedAfterJournal(journal => new AckBeforeJournalLedger(Balance, journal)), Invariants.JournaledBeforeAck);

    [Fact]
    public void Update_FromInsideDecide_IsRefused() =>
        SystematicTest.Run(() => LedgerScenarios.ReentrantUpdateRefused(RuntimeLedger.InMemory(Balance)));

    [Fact]
    public void Update_FromInsideDecide_Journaled_IsRefused() =>
        SystematicTest.Run(() => LedgerScenarios.ReentrantUpdateRefused(RuntimeLedger.Journaled(Balance, new RecordingJournalStream())));

    [Fact]
    public void Update_FromInsideDecide_ReentrantMonitorTwin_IsCaught() =>
        SystematicTest.FindsBug(() => LedgerScenarios.ReentrantUpdateRefused(new ReentrantMonitorLedger(Balance)), Invariants.ReentryRefused);
}
