using System.IO;

namespace Guarded;

/// <summary>Writes and reads the keys and states of a journaled <see cref="VersionedLedger{TKey, TState}"/>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TState">The state type.</typeparam>
/// <remarks>
/// A reader must consume exactly what the matching writer wrote. The journal frames and checksums every record, so a
/// codec need not validate its input; an exception thrown while reading marks the record (and the rest of the journal)
/// as corrupt. See <see cref="LedgerCodec"/> for ready-made codecs.
/// </remarks>
public interface ILedgerCodec<TKey, TState>
{
    /// <summary>Writes a key.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="key">The key.</param>
    void WriteKey(BinaryWriter writer, TKey key);

    /// <summary>Reads a key written by <see cref="WriteKey"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The key.</returns>
    TKey ReadKey(BinaryReader reader);

    /// <summary>Writes a state.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="state">The state.</param>
    void WriteState(BinaryWriter writer, TState state);

    /// <summary>Reads a state written by <see cref="WriteState"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The state.</returns>
    TState ReadState(BinaryReader reader);
}
