// case: the project's own async mutex: AcquireAsync waits on a semaphore and returns the releaser, so its using scope is a guard, and so is a try-acquire whose releaser is disposed in finally
// quiet
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class AsyncMutex
{
    private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);

    public async Task<Releaser> AcquireAsync(CancellationToken cancellationToken = default)
    {
        await _semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_semaphore);
    }

    public bool TryAcquire(out Releaser releaser)
    {
        if (_semaphore.Wait(0))
        {
            releaser = new Releaser(_semaphore);
            return true;
        }

        releaser = default;
        return false;
    }

    public readonly struct Releaser : IDisposable
    {
        private readonly SemaphoreSlim _semaphore;

        public Releaser(SemaphoreSlim semaphore) => _semaphore = semaphore;

        public void Dispose() => _semaphore.Release();
    }
}

public sealed class ConsumerRegistry
{
    private readonly AsyncMutex _mutex = new AsyncMutex();
    private readonly object _statsGate = new object();
    private readonly Dictionary<string, int> _consumers = new Dictionary<string, int>();
    private int _started;

    public async Task StartAsync(string queue)
    {
        using (await _mutex.AcquireAsync())
        {
            _consumers[queue] = 1;
            lock (_statsGate)
            {
                _started++;
            }
        }
    }

    public async Task StopAsync(string queue)
    {
        using var _ = await _mutex.AcquireAsync().ConfigureAwait(false);
        _consumers.Remove(queue);
    }

    public bool TryStop(string queue)
    {
        if (_mutex.TryAcquire(out var releaser))
        {
            try
            {
                _consumers.Remove(queue);
                return true;
            }
            finally
            {
                releaser.Dispose();
            }
        }

        return false;
    }
}
