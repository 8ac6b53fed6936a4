using System.Globalization;
using System.IO;

namespace Guarded;

/// <summary>
/// A ledger journal has a damaged record that valid records follow: acknowledged commits would be lost if it were cut
/// there, so the ledger was not opened and the file was not changed.
/// </summary>
/// <remarks>
/// Keep the file for investigation, restore it from a backup, or open it with
/// <see cref="JournalRecovery.TruncateAtCorruption"/> to accept the loss of the damaged record and of every record after it.
/// </remarks>
public sealed class LedgerJournalCorruptException : IOException
{
    /// <summary>Initializes the exception with the place and extent of the damage.</summary>
    /// <param name="offset">The byte offset of the damaged record.</param>
    /// <param name="recordNumber">The damaged record's number, counting from 1.</param>
    /// <param name="validRecordsAfter">How many valid records follow the damaged one.</param>
    /// <param name="reason">What is wrong with the damaged record.</param>
    public LedgerJournalCorruptException(long offset, long recordNumber, long validRecordsAfter, string reason)
        : base(string.Format(
            CultureInfo.InvariantCulture,
            "The ledger journal is damaged at byte {0} (record {1}: {2}) and {3} valid record(s) follow it; cutting it there would lose acknowledged commits, so it was not opened and not changed. Restore it, or open it with JournalRecovery.TruncateAtCorruption to accept the loss (the damaged file is kept beside it).",
            offset,
            recordNumber,
            reason,
            validRecordsAfter))
    {
        Offset = offset;
        RecordNumber = recordNumber;
        ValidRecordsAfter = validRecordsAfter;
        Reason = reason;
    }

    /// <summary>Gets the byte offset of the damaged record.</summary>
    public long Offset { get; }

    /// <summary>Gets the damaged record's number, counting from 1.</summary>
    public long RecordNumber { get; }

    /// <summary>Gets how many valid records follow the damaged one.</summary>
    public long ValidRecordsAfter { get; }

    /// <summary>Gets what is wrong with the damaged record (for example "checksum mismatch").</summary>
    public string Reason { get; }
}
