// case: a public synchronized writer is locked to read what it wrote consistently: the wrapper locks itself on every
// write, so its own monitor is the lock to take, and a private gate would not exclude the writers
// quiet
using System.IO;
using System.Text;

public sealed class CapturedOutput
{
    private readonly StringBuilder _text = new StringBuilder();

    public CapturedOutput()
    {
        Writer = TextWriter.Synchronized(new StringWriter(_text));
    }

    public TextWriter Writer { get; }

    public string Text
    {
        get
        {
            lock (Writer)
            {
                return _text.ToString();
            }
        }
    }
}
