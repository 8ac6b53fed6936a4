using System;
using System.IO;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.JournaledBeforeAck"/>: commits in memory, returns, and writes the journal
/// record in the background ("write-behind"). A crash after the acknowledgement loses an acknowledged commit.
/// </summary>
internal sealed class AckBeforeJournalLedger : ListLedgerBase
{
    private readonly Stream _journal;
    private readonly object _journalGate = new();

    public AckBeforeJournalLedger(int initialBalance, Stream journal)
        : base(initialBalance)
    {
        _journal = journal;
        _journal.Write(new byte[RecordingJournalStream.HeaderLength], 0, RecordingJournalStream.HeaderLength);
        _journal.Flush();
    }

    public override async Task<LedgerResult> UpdateAsync(string key, Func<int, LedgerDecision<int>> decide)
    {
        var result = await base.UpdateAsync(key, decide);
        if (result.Outcome == LedgerOutcome.Committed)
        {
            _ = AppendAsync(result); // BUG: acknowledged before the record is on disk.
        }

        return result;
    }

    private async Task AppendAsync(LedgerResult commit)
    {
        await Task.Yield();
        var record = new byte[8 + 12];
        BitConverter.TryWriteBytes(record.AsSpan(0, 4), 12);
        BitConverter.TryWriteBytes(record.AsSpan(4, 8), commit.Version);
        BitConverter.TryWriteBytes(record.AsSpan(12, 4), commit.State);
        lock (_journalGate)
        {
            _journal.Write(record, 0, record.Length);
            _journal.Flush();
        }
    }
}
