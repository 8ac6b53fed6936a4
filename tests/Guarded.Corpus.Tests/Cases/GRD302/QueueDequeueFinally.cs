// case: retry queue trimmed in finally, filled under the lock
using System;
using System.Collections.Generic;

public sealed class RetryBuffer
{
    private readonly object _gate = new object();
    private readonly Queue<string> _retries = new Queue<string>();

    public void Add(string item)
    {
        lock (_gate)
        {
            _retries.Enqueue(item);
        }
    }

    public void Process(Action<string> handler, string item)
    {
        try
        {
            handler(item);
        }
        finally
        {
            _retries.Clear(); // expect: GRD302
        }
    }
}
