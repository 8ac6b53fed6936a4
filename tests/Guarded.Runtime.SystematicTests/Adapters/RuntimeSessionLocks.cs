using System;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Runtime.SystematicTests.Adapters;

/// <summary>The real <see cref="SessionLocks{TKey}"/> behind <see cref="ISessionLocksUnderTest"/> (no background sweep).</summary>
internal sealed class RuntimeSessionLocks : IDisposableSessionLocksUnderTest
{
    private readonly SessionLocks<string> _locks = new();

    public IDisposable Acquire(string key, TimeSpan timeout, CancellationToken cancellationToken) =>
        _locks.Acquire(key, timeout, cancellationToken);

    public async Task<IDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken) =>
        await _locks.AcquireAsync(key, timeout, cancellationToken);

    public IDisposable? TryAcquireNow(string key) => _locks.TryAcquire(key, TimeSpan.Zero, out var handle) ? handle : null;

    public int Sweep(TimeSpan maxIdle) => _locks.Sweep(maxIdle);

    public void Dispose() => _locks.Dispose();
}
