// case: the lock only orders stores of the status text: no guarded code reads it, so an unguarded store can be neither lost nor seen half-way
// quiet
using System;

public sealed class UploadStatus
{
    private readonly object _gate = new object();
    private string? _status;

    public string? Status
    {
        get => _status;
        set => _status = value;
    }

    public void Fail(Exception error)
    {
        _status = "failed: " + error.Message;
    }

    public void Reset()
    {
        lock (_gate)
        {
            _status = null;
        }
    }
}
