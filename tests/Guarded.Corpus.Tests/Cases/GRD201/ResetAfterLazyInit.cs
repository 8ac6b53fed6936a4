// case: a connection created lazily under the lock is also dropped under it, and a sender reads it twice without it
using System.IO;

public sealed class Uplink
{
    private readonly object _gate = new object();
    private Stream? _stream;

    public Stream Connect()
    {
        lock (_gate)
        {
            return _stream ??= new MemoryStream();
        }
    }

    public void Drop()
    {
        lock (_gate)
        {
            _stream = null;
        }
    }

    public void Send(byte[] frame)
    {
        if (_stream != null) // expect: GRD201
        {
            _stream.Write(frame, 0, frame.Length); // expect: GRD201
        }
    }
}
