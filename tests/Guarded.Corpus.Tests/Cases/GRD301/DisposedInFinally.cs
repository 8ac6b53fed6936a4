// case: connection marks itself disposed only after the awaited close
using System;
using System.Threading;
using System.Threading.Tasks;

public sealed class BrokerConnection : IAsyncDisposable
{
    private readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await Task.Delay(10);
        }
        finally
        {
            _disposed = true; // expect: GRD301
            _sendLock.Dispose();
        }
    }
}
