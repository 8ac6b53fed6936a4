using System;
using System.Diagnostics;
using System.IO;
using Guarded.Internal;

namespace Guarded;

/// <summary>Ready-made <see cref="ILedgerCodec{TKey, TState}"/> implementations.</summary>
public static class LedgerCodec
{
    /// <summary>Creates a codec from four delegates over <see cref="BinaryWriter"/> and <see cref="BinaryReader"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="writeKey">Writes a key.</param>
    /// <param name="readKey">Reads a key.</param>
    /// <param name="writeState">Writes a state.</param>
    /// <param name="readState">Reads a state.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentNullException">A delegate is null.</exception>
    public static ILedgerCodec<TKey, TState> Create<TKey, TState>(
        Action<BinaryWriter, TKey> writeKey,
        Func<BinaryReader, TKey> readKey,
        Action<BinaryWriter, TState> writeState,
        Func<BinaryReader, TState> readState) =>
        new DelegateCodec<TKey, TState>(
            Guard.NotNull(writeKey, nameof(writeKey)),
            Guard.NotNull(readKey, nameof(readKey)),
            Guard.NotNull(writeState, nameof(writeState)),
            Guard.NotNull(readState, nameof(readState)));

    /// <summary>
    /// Creates a codec for primitive keys and states: <see cref="string"/> (null allowed), <see cref="int"/>,
    /// <see cref="long"/>, <see cref="decimal"/>, <see cref="double"/>, <see cref="bool"/> and <see cref="Guid"/>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <returns>The codec.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="TKey"/> or <typeparamref name="TState"/> is not one of the supported types.</exception>
    public static ILedgerCodec<TKey, TState> ForPrimitives<TKey, TState>()
    {
        if (!PrimitiveCodec<TKey>.Supported)
        {
            throw PrimitiveCodec<TKey>.Unsupported();
        }

        if (!PrimitiveCodec<TState>.Supported)
        {
            throw PrimitiveCodec<TState>.Unsupported();
        }

        return new DelegateCodec<TKey, TState>(
            PrimitiveCodec<TKey>.Write, PrimitiveCodec<TKey>.Read, PrimitiveCodec<TState>.Write, PrimitiveCodec<TState>.Read);
    }

    [DebuggerDisplay("Codec<{typeof(TKey).Name,nq}, {typeof(TState).Name,nq}>")]
    private sealed class DelegateCodec<TKey, TState> : ILedgerCodec<TKey, TState>
    {
        private readonly Action<BinaryWriter, TKey> _writeKey;
        private readonly Func<BinaryReader, TKey> _readKey;
        private readonly Action<BinaryWriter, TState> _writeState;
        private readonly Func<BinaryReader, TState> _readState;

        internal DelegateCodec(Action<BinaryWriter, TKey> writeKey, Func<BinaryReader, TKey> readKey, Action<BinaryWriter, TState> writeState, Func<BinaryReader, TState> readState)
        {
            _writeKey = writeKey;
            _readKey = readKey;
            _writeState = writeState;
            _readState = readState;
        }

        public void WriteKey(BinaryWriter writer, TKey key) => _writeKey(writer, key);

        public TKey ReadKey(BinaryReader reader) => _readKey(reader);

        public void WriteState(BinaryWriter writer, TState state) => _writeState(writer, state);

        public TState ReadState(BinaryReader reader) => _readState(reader);
    }

    private static class PrimitiveCodec<T>
    {
        internal static readonly Action<BinaryWriter, T> Write;
        internal static readonly Func<BinaryReader, T> Read;

#pragma warning disable CA1810 // One type switch initializes both delegates.
        static PrimitiveCodec()
#pragma warning restore CA1810
        {
            object write;
            object read;
            var type = typeof(T);
            if (type == typeof(string))
            {
                write = new Action<BinaryWriter, string?>(static (w, v) =>
                {
                    w.Write(v is not null);
                    if (v is not null)
                    {
                        w.Write(v);
                    }
                });
                read = new Func<BinaryReader, string?>(static r => r.ReadBoolean() ? r.ReadString() : null);
            }
            else if (type == typeof(int))
            {
                write = new Action<BinaryWriter, int>(static (w, v) => w.Write(v));
                read = new Func<BinaryReader, int>(static r => r.ReadInt32());
            }
            else if (type == typeof(long))
            {
                write = new Action<BinaryWriter, long>(static (w, v) => w.Write(v));
                read = new Func<BinaryReader, long>(static r => r.ReadInt64());
            }
            else if (type == typeof(decimal))
            {
                write = new Action<BinaryWriter, decimal>(static (w, v) => w.Write(v));
                read = new Func<BinaryReader, decimal>(static r => r.ReadDecimal());
            }
            else if (type == typeof(double))
            {
                write = new Action<BinaryWriter, double>(static (w, v) => w.Write(v));
                read = new Func<BinaryReader, double>(static r => r.ReadDouble());
            }
            else if (type == typeof(bool))
            {
                write = new Action<BinaryWriter, bool>(static (w, v) => w.Write(v));
                read = new Func<BinaryReader, bool>(static r => r.ReadBoolean());
            }
            else if (type == typeof(Guid))
            {
                write = new Action<BinaryWriter, Guid>(static (w, v) => w.Write(v.ToByteArray()));
                read = new Func<BinaryReader, Guid>(static r => new Guid(r.ReadBytes(16)));
            }
            else
            {
                write = new Action<BinaryWriter, T>(static (_, _) => throw Unsupported());
                read = new Func<BinaryReader, T>(static _ => throw Unsupported());
                Supported = false;
            }

            Write = (Action<BinaryWriter, T>)write;
            Read = (Func<BinaryReader, T>)read;
        }

        internal static bool Supported { get; } = true;

        internal static NotSupportedException Unsupported() => new(
            $"LedgerCodec.ForPrimitives does not support {typeof(T)}; use LedgerCodec.Create with your own writer and reader.");
    }
}
