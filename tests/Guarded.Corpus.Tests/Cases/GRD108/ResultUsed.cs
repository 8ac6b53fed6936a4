// case: the dispenser returns the value Interlocked gives it, and disposal acts on the exchanged value
// quiet
using System;
using System.Threading;

public sealed class SafeDispenser : IDisposable
{
    private long _issued;
    private int _disposed;

    public long Issue() => Interlocked.Increment(ref _issued);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Console.WriteLine("released");
    }
}
