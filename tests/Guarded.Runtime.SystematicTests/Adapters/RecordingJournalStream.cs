using System;
using System.Buffers.Binary;
using System.IO;

namespace Guarded.Runtime.SystematicTests.Adapters;

/// <summary>
/// An in-memory journal file that knows what is "on disk": the bytes written before the last <see cref="Flush"/>.
/// Records are framed as the runtime frames them ([int32 length][payload][crc32]) after an 8-byte header;
/// <see cref="DurableRecords"/> counts the complete frames that were flushed.
/// </summary>
internal sealed class RecordingJournalStream : MemoryStream
{
    public const int HeaderLength = 8;

    private readonly object _gate = new();
    private long _durableLength;

    /// <summary>Gets the number of complete records flushed so far.</summary>
    public int DurableRecords
    {
        get
        {
            lock (_gate)
            {
                var bytes = GetBuffer();
                int count = 0;
                long offset = HeaderLength;
                while (offset + 4 <= _durableLength)
                {
                    int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan((int)offset, 4));
                    if (offset + 8 + length > _durableLength)
                    {
                        break;
                    }

                    count++;
                    offset += 8 + length;
                }

                return count;
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            base.Write(buffer, offset, count);
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            base.Write(buffer);
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            base.Flush();
            _durableLength = Length;
        }
    }

    public override void SetLength(long value)
    {
        lock (_gate)
        {
            base.SetLength(value);
            _durableLength = Math.Min(_durableLength, value);
        }
    }
}
