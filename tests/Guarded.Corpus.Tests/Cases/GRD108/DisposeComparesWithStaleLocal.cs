// case: Dispose reads its flag into a local, compare-exchanges with that stale value and ignores the result: two disposers both release
using System;
using System.Threading;

public class ResourceOwner : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        var wasDisposed = _disposed;
        Interlocked.CompareExchange(ref _disposed, 1, wasDisposed); // expect: GRD108
        if (wasDisposed == 0)
        {
            Release();
        }
    }

    protected virtual void Release()
    {
    }
}
