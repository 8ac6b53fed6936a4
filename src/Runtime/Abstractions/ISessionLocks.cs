using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded;

/// <summary>A hold on one key's lock, from any <see cref="ISessionLocks{TKey}"/>. Dispose it to release the lock.</summary>
/// <remarks><see cref="IDisposable.Dispose"/> is idempotent and only ever releases this handle's own hold.</remarks>
public interface ISessionLockHandle : IDisposable
{
    /// <summary>Gets the key whose lock this handle holds.</summary>
    object Key { get; }

    /// <summary>Gets whether this handle still holds the lock, as far as this process knows (false once disposed).</summary>
    bool IsHeld { get; }
}

/// <summary>
/// The per-key lock contract, whatever implements the locks: at most one handle holds a key's lock at any time.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <remarks>
/// <para>Implemented by the in-process <see cref="SessionLocks{TKey}"/> and by
/// <c>Guarded.PostgreSql.PostgreSqlSessionLocks&lt;TKey&gt;</c> (package <c>Guarded.Runtime.PostgreSql</c>), which excludes
/// holders in every process and on every machine that uses the same database.</para>
/// <para><b>Timeouts.</b> <see cref="TimeSpan.Zero"/> does not wait; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
/// A timeout throws <see cref="SessionLockTimeoutException"/> from the <c>Acquire</c> methods and returns
/// <see langword="false"/>/<see langword="null"/> from the <c>TryAcquire</c> methods; cancellation throws
/// <see cref="OperationCanceledException"/>. A lock granted just as the timeout or the cancellation arrives is either
/// returned to the caller or released: it is never leaked.</para>
/// <para><b>Re-entry</b> (the same logical flow acquiring a key it already holds or awaits) is not supported and fails
/// fast with <see cref="LockRecursionException"/>, never a silent deadlock.</para>
/// <para><b>Exceptions.</b> Each member lists the exceptions of the contract; an implementation on a server adds that
/// server's failures (the PostgreSQL locks: <c>NpgsqlException</c>).</para>
/// </remarks>
public interface ISessionLocks<TKey> : IDisposable
    where TKey : notnull
{
    /// <summary>Acquires the lock of <paramref name="key"/>, blocking the calling thread up to <paramref name="timeout"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="timeout">How long to wait; <see cref="TimeSpan.Zero"/> does not wait, <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The handle; dispose it to release the lock.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="SessionLockTimeoutException">The timeout elapsed; the message names the key and the timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    ISessionLockHandle Acquire(TKey key, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Tries to acquire the lock of <paramref name="key"/>, blocking the calling thread up to <paramref name="timeout"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="handle">The handle when acquired; dispose it to release the lock.</param>
    /// <returns><see langword="true"/> when acquired; <see langword="false"/> when the timeout elapsed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    bool TryAcquire(TKey key, TimeSpan timeout, [NotNullWhen(true)] out ISessionLockHandle? handle);

    /// <summary>Acquires the lock of <paramref name="key"/> asynchronously, waiting up to <paramref name="timeout"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The handle; dispose it to release the lock.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="SessionLockTimeoutException">The timeout elapsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    ValueTask<ISessionLockHandle> AcquireAsync(TKey key, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Tries to acquire the lock of <paramref name="key"/> asynchronously, waiting up to <paramref name="timeout"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The handle, or <see langword="null"/> when the timeout elapsed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited.</exception>
    ValueTask<ISessionLockHandle?> TryAcquireAsync(TKey key, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Returns a snapshot of this instance's counters.</summary>
    /// <returns>The counters.</returns>
    SessionLocksStatistics GetStatistics();
}
