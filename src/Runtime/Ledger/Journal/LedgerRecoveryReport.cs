using System.Diagnostics;

namespace Guarded;

/// <summary>What reopening a ledger journal found: how much was replayed and what (if anything) was discarded, and why.</summary>
/// <remarks>
/// Replay stops at the first record that is incomplete, fails its CRC-32, cannot be decoded, or does not carry the next
/// version of its key. When no valid record follows it, it is a torn tail (a write cut off by a crash before it was
/// acknowledged): it is cut off before any new record is appended, and <see cref="Reason"/> says why. When valid
/// records follow it, the journal is corrupt: opening throws <see cref="LedgerJournalCorruptException"/> unless
/// <see cref="JournalRecovery.TruncateAtCorruption"/> was chosen, and then <see cref="ValidRecordsDiscarded"/> and
/// <see cref="PreservedCopy"/> say what was dropped and where the damaged file was kept.
/// </remarks>
[DebuggerDisplay("Replayed = {RecordsReplayed}, Discarded = {BytesDiscarded} bytes, Reason = {Reason}")]
public sealed class LedgerRecoveryReport
{
    internal LedgerRecoveryReport(long recordsReplayed, long validLength, long bytesDiscarded, string? reason, long validRecordsDiscarded = 0, string? preservedCopy = null)
    {
        RecordsReplayed = recordsReplayed;
        ValidLength = validLength;
        BytesDiscarded = bytesDiscarded;
        Reason = reason;
        ValidRecordsDiscarded = validRecordsDiscarded;
        PreservedCopy = preservedCopy;
    }

    /// <summary>Gets the number of records replayed into the ledger.</summary>
    public long RecordsReplayed { get; }

    /// <summary>Gets the length of the journal after recovery (header plus every good record).</summary>
    public long ValidLength { get; }

    /// <summary>Gets the number of bytes discarded from the end of the journal.</summary>
    public long BytesDiscarded { get; }

    /// <summary>Gets why replay stopped early (for example "torn record", "checksum mismatch"), or null when the whole journal was good.</summary>
    public string? Reason { get; }

    /// <summary>
    /// Gets how many valid records after the damaged one were dropped: 0 for a torn tail; more only when the journal was
    /// opened with <see cref="JournalRecovery.TruncateAtCorruption"/>.
    /// </summary>
    public long ValidRecordsDiscarded { get; }

    /// <summary>Gets the path of the copy of the damaged journal kept before it was cut at a corruption, or null.</summary>
    public string? PreservedCopy { get; }

    /// <summary>Gets whether the whole journal was replayed and nothing was discarded.</summary>
    public bool IsClean => Reason is null && BytesDiscarded == 0;
}
