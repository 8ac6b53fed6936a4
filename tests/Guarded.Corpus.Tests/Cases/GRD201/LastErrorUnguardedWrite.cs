// case: last error recorded without the lock that protects it elsewhere
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
}
