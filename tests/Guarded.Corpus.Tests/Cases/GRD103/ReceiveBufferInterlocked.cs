// case: socket reader allocates its receive buffer lazily, counts with Interlocked
using System.Threading;

public sealed class FrameReader
{
    private byte[]? _buffer;
    private long _framesRead;

    public int Read(byte[] source)
    {
        _buffer ??= new byte[4096]; // expect: GRD103
        var length = System.Math.Min(source.Length, _buffer.Length);
        System.Array.Copy(source, _buffer, length);
        Interlocked.Increment(ref _framesRead);
        return length;
    }
}
