// case: a local copy of the writer field is locked; it is the same guard as locking the field
// quiet
using System.IO;

public sealed class AuditTrail
{
    private readonly TextWriter? _writer;
    private int _lines;

    public AuditTrail(TextWriter? writer) => _writer = writer;

    public void Append(string entry)
    {
        var writer = _writer;
        if (writer is null)
        {
            return;
        }

        lock (writer)
        {
            writer.WriteLine(entry);
            _lines++;
        }
    }

    public void Mark(string label)
    {
        if (_writer is { } writer)
        {
            lock (writer)
            {
                writer.WriteLine("-- " + label);
                _lines++;
            }
        }
    }

    public void Rewind()
    {
        lock (_writer!)
        {
            _lines = 0;
        }
    }
}
