using System.Diagnostics;

namespace Guarded;

/// <summary>What reopening a ledger journal found: how much was replayed and what (if anything) was discarded, and why.</summary>
/// <remarks>
/// Replay stops at the first record that is incomplete (a torn tail), fails its CRC-32, cannot be decoded, or does not
/// carry the next version of its key. That record and everything after it are discarded: the file is truncated to the
/// last good record before any new record is appended.
/// </remarks>
[DebuggerDisplay("Replayed = {RecordsReplayed}, Discarded = {BytesDiscarded} bytes, Reason = {Reason}")]
public sealed class LedgerRecoveryReport
{
    internal LedgerRecoveryReport(long recordsReplayed, long validLength, long bytesDiscarded, string? reason)
    {
        RecordsReplayed = recordsReplayed;
        ValidLength = validLength;
        BytesDiscarded = bytesDiscarded;
        Reason = reason;
    }

    /// <summary>Gets the number of records replayed into the ledger.</summary>
    public long RecordsReplayed { get; }

    /// <summary>Gets the length of the journal after recovery (header plus every good record).</summary>
    public long ValidLength { get; }

    /// <summary>Gets the number of bytes discarded from the end of the journal.</summary>
    public long BytesDiscarded { get; }

    /// <summary>Gets why replay stopped early (for example "torn record", "checksum mismatch"), or null when the whole journal was good.</summary>
    public string? Reason { get; }

    /// <summary>Gets whether the whole journal was replayed and nothing was discarded.</summary>
    public bool IsClean => Reason is null && BytesDiscarded == 0;
}
