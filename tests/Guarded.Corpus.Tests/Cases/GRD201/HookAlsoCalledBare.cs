// case: the same reset hook, but a public Close also calls it without any lock: that call races the appends
public abstract class PlainWriterBase
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

public sealed class PlainRollingWriter : PlainWriterBase
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

    public void Close() => Reset();

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
        _path = null; // expect: GRD201
    }
}
