// case: cleanup runs in finally before the block's own Monitor.Exit
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class Spooler
{
    private readonly object _gate = new object();
    private readonly List<string> _printing = new List<string>();

    public void Print(string job)
    {
        Monitor.Enter(_gate);
        try
        {
            _printing.Add(job);
        }
        finally
        {
            _printing.Remove(job);
            Monitor.Exit(_gate);
        }
    }
}
