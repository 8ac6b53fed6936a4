// case: minority access through Monitor.Enter on a different object
using System.Collections.Generic;
using System.Threading;

public sealed class PrintSpool
{
    private readonly object _spoolLock = new object();
    private readonly object _printerLock = new object();
    private readonly Queue<string> _jobs = new Queue<string>();

    public void Submit(string job)
    {
        lock (_spoolLock)
        {
            _jobs.Enqueue(job);
        }
    }

    public void Cancel()
    {
        lock (_spoolLock)
        {
            _jobs.Clear();
        }
    }

    public string? Next()
    {
        Monitor.Enter(_printerLock);
        try
        {
            return _jobs.Count > 0 ? _jobs.Dequeue() : null; // expect: GRD204
        }
        finally
        {
            Monitor.Exit(_printerLock);
        }
    }
}
