using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Internal;

namespace Guarded.Ledger.Journal;

/// <summary>
/// The append-only file behind a durable ledger: a header, then records framed as
/// <c>[int32 payload length][payload][uint32 CRC-32 of payload]</c> (little endian).
/// </summary>
/// <remarks>
/// <para><b>Group commit.</b> <see cref="Append"/> queues a record and returns a task that completes once the record
/// is written and flushed to the device (<c>FileStream.Flush(flushToDisk: true)</c>). The first appender that finds
/// no flush in progress becomes the leader: it takes the whole queue as a batch, writes it, flushes once and
/// completes the batch; records queued meanwhile form the next batch, which the same leader writes before it
/// returns. So concurrent commits share one fsync, and no task completes before its record is on disk.</para>
/// <para><b>Failure.</b> If writing or flushing a batch throws, every record of the batch fails with that exception,
/// and the file is truncated back to where the batch began so that no failed record can be replayed later. If the
/// truncation also fails the journal becomes faulted and refuses further appends (fail-stop).</para>
/// </remarks>
[DebuggerDisplay("Length = {_length}, Pending = {_pending.Count}, Faulted = {_fault != null}")]
internal sealed class LedgerJournal : IDisposable
{
    internal const int HeaderLength = 8;
    internal const int MaxPayloadLength = 64 * 1024 * 1024;
    private const int FormatVersion = 1;
    private static readonly byte[] Header = { (byte)'G', (byte)'L', (byte)'D', (byte)'G', FormatVersion, 0, 0, 0 };

    private readonly Stream _stream;
    private readonly object _sync = new();
    private long _length;
    private List<byte[]> _pending = new();
    private TaskCompletionSource<bool> _pendingDone = NewBatch();
    private bool _flushing;
    private bool _disposed;
    private Exception? _fault;

    private LedgerJournal(Stream stream, long length)
    {
        _stream = stream;
        _length = length;
    }

    /// <summary>
    /// Replays <paramref name="stream"/> from the start, calling <paramref name="replay"/> with each checksummed payload
    /// (it returns null to accept the record or a reason to stop), cuts off a torn tail after the last accepted record,
    /// and returns a journal positioned for appending. A damaged record that valid records follow is corruption: it
    /// throws <see cref="LedgerJournalCorruptException"/> without changing the stream, unless
    /// <paramref name="recovery"/> accepts the loss; then <paramref name="preserve"/> (if given) keeps the damaged
    /// contents first and returns where.
    /// </summary>
    internal static LedgerJournal Open(Stream stream, Func<byte[], string?> replay, out LedgerRecoveryReport report, JournalRecovery recovery = JournalRecovery.RefuseCorruption, Func<byte[], string>? preserve = null)
    {
        if (!stream.CanRead || !stream.CanWrite || !stream.CanSeek)
        {
            throw new ArgumentException("The journal stream must be readable, writable and seekable.", nameof(stream));
        }

        long fileLength = stream.Length;
        if (fileLength > int.MaxValue)
        {
            throw new NotSupportedException("Journals larger than 2 GB are not supported.");
        }

        var data = new byte[fileLength];
        stream.Position = 0;
        int read = 0;
        while (read < data.Length)
        {
            int n = stream.Read(data, read, data.Length - read);
            if (n == 0)
            {
                throw new EndOfStreamException("The journal ended while it was being read.");
            }

            read += n;
        }

        if (data.Length < HeaderLength)
        {
            // Empty, or a header torn by a crash during creation.
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] != Header[i])
                {
                    throw new InvalidDataException("The file is not a Guarded ledger journal (bad header).");
                }
            }

            stream.SetLength(0);
            stream.Position = 0;
            stream.Write(Header, 0, Header.Length);
            FlushToDisk(stream);
            report = new LedgerRecoveryReport(0, HeaderLength, data.Length, data.Length == 0 ? null : "torn header");
            return new LedgerJournal(stream, HeaderLength);
        }

        for (int i = 0; i < HeaderLength; i++)
        {
            if (data[i] != Header[i])
            {
                throw new InvalidDataException("The file is not a Guarded ledger journal, or was written by an unsupported version (bad header).");
            }
        }

        long records = 0;
        int offset = HeaderLength;
        string? reason = null;
        while (offset < data.Length)
        {
            if (ReadFrame(data, offset, out int payloadLength) is { } damage)
            {
                reason = damage;
                break;
            }

            var payload = new ReadOnlySpan<byte>(data, offset + 4, payloadLength);
            string? rejected = replay(payload.ToArray());
            if (rejected is not null)
            {
                reason = rejected;
                break;
            }

            records++;
            offset += 8 + payloadLength;
        }

        long discarded = data.Length - offset;
        long validAfter = 0;
        string? preserved = null;
        if (reason is not null && (validAfter = CountValidRecordsAfter(data, offset)) > 0)
        {
            if (recovery != JournalRecovery.TruncateAtCorruption)
            {
                throw new LedgerJournalCorruptException(offset, records + 1, validAfter, reason);
            }

            preserved = preserve?.Invoke(data);
        }

        if (discarded > 0)
        {
            stream.SetLength(offset);
            FlushToDisk(stream);
        }

        stream.Position = offset;
        report = new LedgerRecoveryReport(records, offset, discarded, reason, validAfter, preserved);
        return new LedgerJournal(stream, offset);
    }

    /// <summary>
    /// How many records with a valid frame and checksum follow the damaged record at <paramref name="damaged"/>: the
    /// first is searched byte by byte (the damage may have changed the damaged record's length), the rest follow it.
    /// None means the damage is a torn tail.
    /// </summary>
    private static long CountValidRecordsAfter(byte[] data, int damaged)
    {
        for (int start = damaged + 1; start + 8 < data.Length; start++)
        {
            int end = ValidRecordEnd(data, start);
            if (end < 0)
            {
                continue;
            }

            long count = 1;
            while ((end = ValidRecordEnd(data, end)) > 0)
            {
                count++;
            }

            return count;
        }

        return 0;
    }

    /// <summary>Where the record at <paramref name="start"/> ends if its frame is whole and its checksum matches; -1 otherwise.</summary>
    private static int ValidRecordEnd(byte[] data, int start) =>
        ReadFrame(data, start, out int payloadLength) is null ? start + 8 + payloadLength : -1;

    /// <summary>
    /// Checks the record framed at <paramref name="start"/>: null when its length is sane, the whole frame is there and
    /// the checksum matches (<paramref name="payloadLength"/> is then its payload's length); otherwise what is wrong.
    /// </summary>
    private static string? ReadFrame(byte[] data, int start, out int payloadLength)
    {
        payloadLength = 0;
        int remaining = data.Length - start;
        if (remaining < 4)
        {
            return "torn record (incomplete length prefix)";
        }

        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(data, start, 4));
        if (length <= 0 || length > MaxPayloadLength)
        {
            return $"corrupt record length {length}";
        }

        if ((long)remaining < 8L + length)
        {
            return "torn record (incomplete payload or checksum)";
        }

        uint stored = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(data, start + 4 + length, 4));
        if (Crc32.Compute(new ReadOnlySpan<byte>(data, start + 4, length)) != stored)
        {
            return "checksum mismatch";
        }

        payloadLength = length;
        return null;
    }

    /// <summary>Frames a payload as a record: length prefix, payload, CRC-32.</summary>
    internal static byte[] Frame(byte[] buffer, int payloadOffset, int payloadLength)
    {
        if (payloadLength <= 0 || payloadLength > MaxPayloadLength)
        {
            throw new InvalidOperationException($"A ledger record payload must be between 1 byte and 64 MB; it was {payloadLength} bytes.");
        }

        var record = new byte[payloadLength + 8];
        var span = new Span<byte>(record);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span, payloadLength);
        new ReadOnlySpan<byte>(buffer, payloadOffset, payloadLength).CopyTo(span.Slice(4));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(
            span.Slice(4 + payloadLength),
            Crc32.Compute(new ReadOnlySpan<byte>(buffer, payloadOffset, payloadLength)));
        return record;
    }

    /// <summary>Queues a framed record; the task completes when it is on disk, or fails with the write's exception.</summary>
    /// <exception cref="ObjectDisposedException">The journal was disposed.</exception>
    /// <exception cref="IOException">An earlier failure left the journal unusable.</exception>
    internal Task Append(byte[] record)
    {
        TaskCompletionSource<bool> done;
        lock (_sync)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(VersionedLedger));
            }

            if (_fault is not null)
            {
                throw new IOException("The ledger journal failed earlier and could not be repaired; reopen the ledger.", _fault);
            }

            _pending.Add(record);
            done = _pendingDone;
            if (_flushing)
            {
                return done.Task; // The current leader writes it with the next batch.
            }

            _flushing = true;
        }

        WriteBatches();
        return done.Task;
    }

    /// <summary>Waits for the batch in progress (if any), then closes the file.</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            while (_flushing)
            {
                Monitor.Wait(_sync);
            }
        }

        _stream.Dispose();
    }

    private static TaskCompletionSource<bool> NewBatch() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void FlushToDisk(Stream stream)
    {
        if (stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            stream.Flush();
        }
    }

    /// <summary>The leader's loop: writes batches until the queue is empty, then gives up leadership.</summary>
    private void WriteBatches()
    {
        while (true)
        {
            List<byte[]> batch;
            TaskCompletionSource<bool> done;
            Exception? fault;
            lock (_sync)
            {
                if (_pending.Count == 0)
                {
                    _flushing = false;
                    Monitor.PulseAll(_sync);
                    return;
                }

                batch = _pending;
                done = _pendingDone;
                _pending = new List<byte[]>();
                _pendingDone = NewBatch();
                fault = _fault;
            }

            if (fault is not null)
            {
                done.TrySetException(new IOException("The ledger journal failed earlier and could not be repaired; reopen the ledger.", fault));
                TaskHelpers.Observe(done.Task);
                continue;
            }

            long start = _length;
            try
            {
                long written = 0;
                foreach (var record in batch)
                {
                    _stream.Write(record, 0, record.Length);
                    written += record.Length;
                }

                FlushToDisk(_stream);
                _length = start + written;
                done.TrySetResult(true);
            }
            catch (Exception exception)
            {
                try
                {
                    // Take back whatever part of the batch reached the file: those commits are reported as failed.
                    _stream.SetLength(start);
                    _stream.Position = start;
                    FlushToDisk(_stream);
                }
                catch (Exception truncateFailure)
                {
                    lock (_sync)
                    {
                        _fault = new AggregateException(exception, truncateFailure);
                    }
                }

                done.TrySetException(exception);
                TaskHelpers.Observe(done.Task);
            }
        }
    }
}
