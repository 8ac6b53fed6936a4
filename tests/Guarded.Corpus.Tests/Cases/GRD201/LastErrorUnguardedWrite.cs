// case: last error recorded without the lock that its guarded reader relies on: the store can land between the reader's two reads
using System;

public sealed class SyncAgent
{
    private readonly object _gate = new object();
    private string? _lastError;

    public void Run(Action step)
    {
        try
        {
            step();
        }
        catch (Exception ex)
        {
            _lastError = ex.Message; // expect: GRD201
        }
    }

    public void ClearError()
    {
        lock (_gate)
        {
            _lastError = null;
        }
    }

    public string Describe()
    {
        lock (_gate)
        {
            return _lastError is null ? "ok" : "failed: " + _lastError.Trim();
        }
    }
}
