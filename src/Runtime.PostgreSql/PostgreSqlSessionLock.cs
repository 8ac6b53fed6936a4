using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Guarded.PostgreSql;

/// <summary>
/// A hold on one key's advisory lock from a <see cref="PostgreSqlSessionLocks{TKey}"/>. Dispose it to release the lock.
/// </summary>
/// <remarks>
/// The handle keeps its own database connection (session) open while it holds the lock. <see cref="Dispose"/> and
/// <see cref="DisposeAsync"/> are idempotent and only ever release this handle's own hold; they never throw for a
/// failed connection (the server releases the locks of a session that ends).
/// </remarks>
[DebuggerDisplay("Key = {Key}, LockId = {LockId}, IsHeld = {IsHeld}")]
public sealed class PostgreSqlSessionLock : ISessionLockHandle, IAsyncDisposable
{
    private readonly IReleaser _owner;
    private int _released;

    internal PostgreSqlSessionLock(IReleaser owner, object key, long lockId, SessionLock local, NpgsqlConnection connection)
    {
        _owner = owner;
        Key = key;
        LockId = lockId;
        Local = local;
        Connection = connection;
    }

    /// <summary>Releases handles; implemented by every <see cref="PostgreSqlSessionLocks{TKey}"/>.</summary>
    internal interface IReleaser
    {
        ValueTask ReleaseAsync(PostgreSqlSessionLock handle, bool async);
    }

    /// <summary>Gets the key whose lock this handle holds.</summary>
    public object Key { get; }

    /// <summary>Gets the 64-bit advisory-lock id held on the server.</summary>
    public long LockId { get; }

    /// <summary>Gets whether this handle has not been disposed yet. It cannot tell whether the server still has the session (see <see cref="PostgreSqlSessionLocks{TKey}"/>).</summary>
    public bool IsHeld => Volatile.Read(ref _released) == 0;

    internal SessionLock Local { get; }

    internal NpgsqlConnection Connection { get; }

    /// <summary>Releases the lock (one round trip) if this handle still holds it; otherwise does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _owner.ReleaseAsync(this, async: false).GetAwaiter().GetResult();
        }
    }

    /// <summary>Releases the lock asynchronously if this handle still holds it; otherwise does nothing.</summary>
    /// <returns>A task that completes when the lock is released.</returns>
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? _owner.ReleaseAsync(this, async: true) : default;
}
