// case: a reset hook that the base writer calls under its own lock and the file appender calls under the append lock: it always runs under some lock, never bare (two different locks are GRD204's question)
// quiet
public abstract class LineWriterBase
{
    private readonly object _writerGate = new object();

    public void SwitchWriter()
    {
        lock (_writerGate)
        {
            Reset();
        }
    }

    protected virtual void Reset()
    {
    }
}

public sealed class RollingLineWriter : LineWriterBase
{
    private readonly object _appendGate = new object();
    private string? _path;

    public void Open(string path)
    {
        lock (_appendGate)
        {
            Reset();
            _path = path;
        }
    }

    public void Append(string line)
    {
        lock (_appendGate)
        {
            System.IO.File.AppendAllText(_path ?? "out.log", line);
        }
    }

    protected override void Reset()
    {
        base.Reset();
        _path = null;
    }
}
