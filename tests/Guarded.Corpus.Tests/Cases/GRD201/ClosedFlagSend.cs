// case: channel closed under the lock, send checks the flag without it
using System;
using System.Collections.Generic;

public sealed class NotificationChannel
{
    private readonly object _gate = new object();
    private readonly List<string> _sent = new List<string>();
    private bool _closed;

    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    public void Send(string message)
    {
        if (_closed) // expect: GRD201
        {
            throw new InvalidOperationException("closed");
        }

        lock (_gate)
        {
            _sent.Add(message);
        }
    }
}
