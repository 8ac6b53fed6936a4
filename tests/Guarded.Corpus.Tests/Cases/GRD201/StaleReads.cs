// case: lone reads that can only see an older or a newer whole value: a never-null handler, a queue's Count as a hint, a null test of a list that is never null
// quiet
using System;
using System.Collections.Generic;

public sealed class Outbox
{
    private readonly object _gate = new object();
    private readonly Queue<string> _pending = new Queue<string>();
    private List<string> _sent = new List<string>();
    private Action<Exception> _onError = _ => { };

    public Action<Exception> OnError
    {
        get => _onError;
        set
        {
            lock (_gate)
            {
                _onError = value ?? (_ => { });
            }
        }
    }

    public int Backlog => _pending.Count;

    public bool HasHistory => _sent != null;

    public void Post(string message)
    {
        lock (_gate)
        {
            _pending.Enqueue(message);
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            var sent = new List<string>(_sent);
            while (_pending.Count > 0)
            {
                sent.Add(_pending.Dequeue());
            }

            _sent = sent;
        }
    }
}
