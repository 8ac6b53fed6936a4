// case: the base class calls its protected hooks only under its lock, so the overrides run guarded
// quiet
using System.IO;

public abstract class SinkBase
{
    protected readonly object SyncRoot = new object();
    private bool _closed;

    public void Emit(string line)
    {
        lock (SyncRoot)
        {
            if (!_closed)
            {
                Write(line);
            }
        }
    }

    public void Close()
    {
        lock (SyncRoot)
        {
            _closed = true;
            OnClose();
        }
    }

    protected abstract void Write(string line);

    protected virtual void OnClose()
    {
    }
}

public sealed class FileSink : SinkBase
{
    private TextWriter? _writer;
    private int _written;

    public void Reopen(TextWriter writer)
    {
        lock (SyncRoot)
        {
            _writer = writer;
            _written = 0;
        }
    }

    protected override void Write(string line)
    {
        Append(line);
        _written++;
    }

    protected override void OnClose()
    {
        _writer?.Dispose();
        _writer = null;
    }

    private void Append(string line) => _writer?.WriteLine(line);
}
