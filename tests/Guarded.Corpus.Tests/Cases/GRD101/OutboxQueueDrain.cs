// case: outbox drained by a timer while producers enqueue
using System;
using System.Collections.Generic;
using System.Threading;

public sealed class Outbox : IDisposable
{
    private readonly Queue<string> _pending = new Queue<string>();
    private readonly Timer _flushTimer;

    public Outbox()
    {
        _flushTimer = new Timer(_ => Flush(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Flush()
    {
        while (_pending.Count > 0) // expect: GRD101
        {
            var message = _pending.Dequeue();
            Console.WriteLine(message);
        }
    }

    public void Dispose() => _flushTimer.Dispose();
}
