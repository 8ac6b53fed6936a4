using System.IO;

namespace Guarded;

/// <summary>Writes and reads the keys and states of a journaled <see cref="VersionedLedger{TKey, TState}"/>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TState">The state type.</typeparam>
/// <remarks>
/// A reader must consume exactly what the matching writer wrote. The journal frames and checksums every record, so a
/// codec need not validate its input. An exception thrown while reading stops replay at that record like damage does:
/// opening refuses the journal (<see cref="LedgerJournalCorruptException"/>) when valid records follow it, and cuts it
/// off as a torn tail when it is the last one, so a reader that fails on good data can drop the newest commit (reported
/// in <see cref="VersionedLedger{TKey, TState}.Recovery"/>). See <see cref="LedgerCodec"/> for ready-made codecs.
/// </remarks>
public interface ILedgerCodec<TKey, TState>
{
    /// <summary>Writes a key.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="key">The key.</param>
    /// <exception cref="System.Exception">Whatever an implementation throws propagates from the ledger call that encodes the key (an update; on PostgreSQL also a read), which then changes nothing.</exception>
    void WriteKey(BinaryWriter writer, TKey key);

    /// <summary>Reads a key written by <see cref="WriteKey"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The key.</returns>
    /// <exception cref="EndOfStreamException">
    /// The record is shorter than the reader expects. This, like any exception thrown here, makes the journaled ledger
    /// treat the record as undecodable when it replays (replay stops there, see <see cref="LedgerRecoveryReport"/>).
    /// </exception>
    TKey ReadKey(BinaryReader reader);

    /// <summary>Writes a state.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="state">The state.</param>
    /// <exception cref="System.Exception">Whatever an implementation throws propagates from the update that encodes the state, which then changes nothing.</exception>
    void WriteState(BinaryWriter writer, TState state);

    /// <summary>Reads a state written by <see cref="WriteState"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The state.</returns>
    /// <exception cref="EndOfStreamException">
    /// The record is shorter than the reader expects. This, like any exception thrown here, makes the journaled ledger
    /// treat the record as undecodable when it replays (replay stops there, see <see cref="LedgerRecoveryReport"/>), and
    /// propagates from the PostgreSQL ledger's reads and updates.
    /// </exception>
    TState ReadState(BinaryReader reader);
}
