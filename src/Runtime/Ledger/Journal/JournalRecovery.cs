namespace Guarded;

/// <summary>What opening a durable ledger does when its journal is damaged before its end.</summary>
/// <remarks>
/// A damaged <em>last</em> record is a torn tail: a crash during its write, before it was acknowledged. It is cut off
/// and reported whatever this option says. A damaged record that valid records follow is corruption of acknowledged
/// data: cutting the journal there would drop commits that callers were told are durable.
/// </remarks>
public enum JournalRecovery
{
    /// <summary>Refuse to open: throw <see cref="LedgerJournalCorruptException"/> and leave the file as it is.</summary>
    RefuseCorruption = 0,

    /// <summary>
    /// Accept the loss: keep the damaged file beside the journal as <c>&lt;name&gt;.corrupt-&lt;UTC timestamp&gt;</c>,
    /// then cut the journal at the damaged record and report what was dropped (<see cref="LedgerRecoveryReport"/>).
    /// </summary>
    TruncateAtCorruption = 1,
}
