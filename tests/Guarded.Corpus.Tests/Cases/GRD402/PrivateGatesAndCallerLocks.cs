// case: private readonly gates, an internal one, a lock the caller hands in, a string key parameter, another type's public gate
// quiet
using System.Collections.Generic;

public sealed class Journal
{
    public readonly object Sync = new object();
    public readonly List<string> Lines = new List<string>();
}

public sealed class JournalWriter
{
    private readonly object _gate = new object();
    private static readonly object s_gate = new object();
    internal readonly object FlushGate = new object();
    private readonly List<string> _lines = new List<string>();
    private static int s_writers;
    private int _flushes;

    public JournalWriter()
    {
        lock (s_gate)
        {
            s_writers++;
        }
    }

    public void Write(string line)
    {
        lock (_gate)
        {
            _lines.Add(line);
        }
    }

    public void Flush()
    {
        lock (FlushGate)
        {
            _flushes++;
        }
    }

    public static void WriteUnder(object callerLock, List<string> target, string line)
    {
        lock (callerLock)
        {
            target.Add(line);
        }
    }

    public static void WriteKeyed(string key, List<string> target)
    {
        lock (key)
        {
            target.Add(key);
        }
    }

    public static void WriteTo(Journal journal, string line)
    {
        lock (journal.Sync)
        {
            journal.Lines.Add(line);
        }
    }
}
