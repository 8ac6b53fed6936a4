using System;
using System.Threading;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.NoLeakedLock"/>: after the semaphore is granted it re-checks the caller's
/// token and throws, without releasing what it was just given. A cancellation that lands just as the lock is
/// handed over leaks the lock for good.
/// </summary>
internal sealed class GrantThenCancelLeaksLocks : SemaphoreTableLocks
{
    protected override IDisposable Granted(string key, Entry entry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested(); // BUG: the semaphore is held and nobody will release it.
        return base.Granted(key, entry, cancellationToken);
    }
}
