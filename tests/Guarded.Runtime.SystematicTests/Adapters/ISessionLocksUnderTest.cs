using System;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Runtime.SystematicTests.Adapters;

/// <summary>
/// What the session-lock scenarios need from a per-key lock registry: <see cref="RuntimeSessionLocks"/> adapts the
/// real <c>SessionLocks</c>, the classes in <c>Broken/</c> model broken registries. A timeout surfaces as a
/// <see cref="TimeoutException"/>, cancellation as an <see cref="OperationCanceledException"/>.
/// </summary>
internal interface ISessionLocksUnderTest
{
    IDisposable Acquire(string key, TimeSpan timeout, CancellationToken cancellationToken);

    Task<IDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Acquires without waiting; null when the lock is busy.</summary>
    IDisposable? TryAcquireNow(string key);

    int Sweep(TimeSpan maxIdle);
}
