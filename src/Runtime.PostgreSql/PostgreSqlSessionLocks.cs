using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Diagnostics;
using Guarded.Internal;
using Guarded.Locking;
using Npgsql;

namespace Guarded.PostgreSql;

/// <summary>Creates <see cref="PostgreSqlSessionLocks{TKey}"/> instances: one line of setup.</summary>
public static class PostgreSqlSessionLocks
{
    /// <summary>Creates per-key locks on the PostgreSQL server at <paramref name="connectionString"/>; they own the connection pool they create.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="options">The options, or null for defaults.</param>
    /// <returns>The locks. Nothing is sent to the server until the first acquisition.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connectionString"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty, white space, or not a valid Npgsql connection string.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options' <see cref="PostgreSqlSessionLocksOptions{TKey}.DefaultTimeout"/> is negative (other than infinite) or too large.</exception>
    public static PostgreSqlSessionLocks<TKey> Create<TKey>(string connectionString, PostgreSqlSessionLocksOptions<TKey>? options = null)
        where TKey : notnull
    {
        var dataSource = NpgsqlDataSource.Create(ConnectionStrings.NotBlank(connectionString));
        try
        {
            return new(dataSource, ownsDataSource: true, options);
        }
        catch
        {
            dataSource.Dispose(); // refused options: the pool this call created is nobody else's to close
            throw;
        }
    }

    /// <summary>Creates per-key locks on the server of <paramref name="dataSource"/>; the caller keeps ownership of it.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="dataSource">The Npgsql data source (connection pool). Each held lock keeps one of its connections open.</param>
    /// <param name="options">The options, or null for defaults.</param>
    /// <returns>The locks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options' <see cref="PostgreSqlSessionLocksOptions{TKey}.DefaultTimeout"/> is negative (other than infinite) or too large.</exception>
    public static PostgreSqlSessionLocks<TKey> Create<TKey>(NpgsqlDataSource dataSource, PostgreSqlSessionLocksOptions<TKey>? options = null)
        where TKey : notnull =>
        new(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), ownsDataSource: false, options);
}

/// <summary>
/// One mutual-exclusion lock per key, shared by every process and machine that uses the same PostgreSQL server and
/// namespace: the <see cref="ISessionLocks{TKey}"/> contract on PostgreSQL session-level advisory locks.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <remarks>
/// <para><b>Guarantee.</b> At most one handle holds a key's lock at any time, across processes and machines, as long as
/// the holder's database session lives. The server releases a lock when its handle is disposed or when the session
/// ends, so a process that dies (or is killed) while holding a lock releases it as soon as the server notices the
/// connection is gone (at once for a closed socket; after TCP keepalive for a silent network failure).</para>
/// <para><b>Acquire, step by step.</b> (1) Hash the namespace and the key's text (see
/// <see cref="PostgreSqlSessionLocksOptions{TKey}.KeyFormatter"/>) into a 64-bit advisory-lock id (the first 8 bytes of
/// SHA-256: distinct keys share a lock only with negligible probability, and sharing can only add waiting, never a second
/// holder); (2) take the id's lock in this process with an in-process <see cref="SessionLocks{TKey}"/>, so callers of one
/// process queue locally in FIFO order, re-entry fails fast with <see cref="LockRecursionException"/>, and only one
/// connection per key and process waits on the server; (3) take a pooled connection and try
/// <c>pg_try_advisory_lock(id)</c> (one round trip); (4) if another session holds it, wait in
/// <c>pg_advisory_lock(id)</c> with the remaining time as the transaction's <c>lock_timeout</c> (the server queues the
/// waiters). The connection stays checked out of the pool for as long as the handle holds the lock.</para>
/// <para><b>Release.</b> Disposing the handle runs <c>pg_advisory_unlock(id)</c> (one round trip), returns the connection to
/// the pool, and releases the in-process lock. If the unlock fails, the connection is closed instead of pooled, which ends
/// the session and so releases the lock on the server.</para>
/// <para><b>Timeouts and cancellation.</b> One deadline covers both steps. A timeout throws
/// <see cref="SessionLockTimeoutException"/> (or returns <see langword="false"/>/<see langword="null"/> from the
/// <c>TryAcquire</c> methods); cancellation throws <see cref="OperationCanceledException"/> and cancels the server-side
/// wait. After a timeout, a cancellation or any failure the connection's advisory locks are all released (or the
/// connection is closed), so a lock granted just as the wait was abandoned is never leaked.</para>
/// <para><b>What differs from the in-process locks.</b> A handle cannot learn that its session died: <see cref="ISessionLockHandle.IsHeld"/>
/// stays true until it is disposed even if the server has released the lock (for work that must not run twice, also
/// guard the write, for example with <see cref="PostgreSqlVersionedLedger{TKey, TState}"/>). Each held lock occupies one
/// connection (size the pool's <c>Maximum Pool Size</c> for the locks held at once). There is no sweep: the server keeps no
/// state for a lock nobody holds.</para>
/// </remarks>
[DebuggerDisplay("Namespace = {_namespace}")]
public sealed class PostgreSqlSessionLocks<TKey> : ISessionLocks<TKey>, PostgreSqlSessionLock.IReleaser
    where TKey : notnull
{
    private const string LockNotAvailable = "55P03";
    private const string QueryCanceled = "57014";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly string _namespace;
    private readonly Func<TKey, string> _formatter;
    private readonly TimeSpan _defaultTimeout;
    private readonly SessionLocks<long> _local;
    private readonly StripedCounterSet _counters;

    /// <summary>Cancelled by <see cref="Dispose"/>: stops the server-side waits of callers still waiting.</summary>
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    internal PostgreSqlSessionLocks(NpgsqlDataSource dataSource, bool ownsDataSource, PostgreSqlSessionLocksOptions<TKey>? options)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _namespace = options?.Namespace ?? "default";
        _formatter = options?.KeyFormatter ?? DefaultFormat;
        _defaultTimeout = options?.DefaultTimeout ?? Timeout.InfiniteTimeSpan;
        Guard.Timeout(_defaultTimeout, "options." + nameof(PostgreSqlSessionLocksOptions<TKey>.DefaultTimeout));
        _local = new SessionLocks<long>(new SessionLocksOptions<long> { SweepInterval = TimeSpan.FromMinutes(1), MaxIdle = TimeSpan.FromMinutes(1) });
        _counters = GuardedMetrics.Register(MetricSourceKind.SessionLocks, options?.Name, SessionLockCounters.Count).Counters;
    }

    /// <summary>Gets the lock space: locks of the same key in different namespaces are independent.</summary>
    public string Namespace => _namespace;

    /// <summary>Returns the 64-bit advisory-lock id of <paramref name="key"/> in this namespace (what <c>pg_locks</c> shows as <c>classid</c>/<c>objid</c>).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The id, the same in every process that uses the same namespace and key formatter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The <see cref="PostgreSqlSessionLocksOptions{TKey}.KeyFormatter"/> returned null.</exception>
    /// <exception cref="Exception">Whatever the key formatter throws propagates unchanged.</exception>
    public long GetLockId(TKey key)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        string text = _formatter(key) ?? throw new InvalidOperationException("The key formatter returned null.");
        byte[] bytes = Encoding.UTF8.GetBytes(_namespace + "\0" + text);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    /// <summary>Acquires the lock of <paramref name="key"/>, waiting up to the default timeout.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The handle; dispose it to release the lock.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="SessionLockTimeoutException">The default timeout elapsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited, or the data source it was created with was disposed.</exception>
    /// <exception cref="NpgsqlException">The server could not be reached, or failed.</exception>
    /// <exception cref="InvalidOperationException">The <see cref="PostgreSqlSessionLocksOptions{TKey}.KeyFormatter"/> returned null.</exception>
    public PostgreSqlSessionLock Acquire(TKey key, CancellationToken cancellationToken = default) => Acquire(key, _defaultTimeout, cancellationToken);

    /// <inheritdoc cref="ISessionLocks{TKey}.Acquire"/>
    /// <exception cref="NpgsqlException">The server could not be reached, or failed.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited, or the data source it was created with was disposed.</exception>
    /// <exception cref="InvalidOperationException">The <see cref="PostgreSqlSessionLocksOptions{TKey}.KeyFormatter"/> returned null.</exception>
    public PostgreSqlSessionLock Acquire(TKey key, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        AcquireCore(key, timeout, throwOnTimeout: true, async: false, cancellationToken).GetAwaiter().GetResult()!;

    /// <inheritdoc cref="ISessionLocks{TKey}.TryAcquire"/>
    /// <exception cref="NpgsqlException">The server could not be reached, or failed.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited, or the data source it was created with was disposed.</exception>
    /// <exception cref="InvalidOperationException">The <see cref="PostgreSqlSessionLocksOptions{TKey}.KeyFormatter"/> returned null.</exception>
    public bool TryAcquire(TKey key, TimeSpan timeout, [NotNullWhen(true)] out PostgreSqlSessionLock? handle)
    {
        handle = AcquireCore(key, timeout, throwOnTimeout: false, async: false, CancellationToken.None).GetAwaiter().GetResult();
        return handle is not null;
    }

    /// <summary>Acquires the lock of <paramref name="key"/> asynchronously, waiting up to the default timeout.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The handle; dispose it to release the lock.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="SessionLockTimeoutException">The default timeout elapsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="LockRecursionException">The current logical flow already holds or awaits this key's lock.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited, or the data source it was created with was disposed.</exception>
    /// <exception cref="NpgsqlException">The server could not be reached, or failed.</exception>
    /// <exception cref="InvalidOperationException">The <see cref="PostgreSqlSessionLocksOptions{TKey}.KeyFormatter"/> returned null.</exception>
    public ValueTask<PostgreSqlSessionLock> AcquireAsync(TKey key, CancellationToken cancellationToken = default) => AcquireAsync(key, _defaultTimeout, cancellationToken);

    /// <inheritdoc cref="ISessionLocks{TKey}.AcquireAsync"/>
    /// <exception cref="NpgsqlException">The server could not be reached, or failed.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited, or the data source it was created with was disposed.</exception>
    /// <exception cref="InvalidOperationException">The <see cref="PostgreSqlSessionLocksOptions{TKey}.KeyFormatter"/> returned null.</exception>
    public ValueTask<PostgreSqlSessionLock> AcquireAsync(TKey key, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var pending = AcquireCore(key, timeout, throwOnTimeout: true, async: true, cancellationToken);
        return pending.IsCompletedSuccessfully ? new ValueTask<PostgreSqlSessionLock>(pending.Result!) : new ValueTask<PostgreSqlSessionLock>(NotNullAsync(pending));
    }

    /// <inheritdoc cref="ISessionLocks{TKey}.TryAcquireAsync"/>
    /// <exception cref="NpgsqlException">The server could not be reached, or failed.</exception>
    /// <exception cref="ObjectDisposedException">This instance was disposed before the call or while the caller waited, or the data source it was created with was disposed.</exception>
    /// <exception cref="InvalidOperationException">The <see cref="PostgreSqlSessionLocksOptions{TKey}.KeyFormatter"/> returned null.</exception>
    public ValueTask<PostgreSqlSessionLock?> TryAcquireAsync(TKey key, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        AcquireCore(key, timeout, throwOnTimeout: false, async: true, cancellationToken);

    /// <summary>
    /// Returns a snapshot of this instance's counters: acquisitions, those that found the key held by another session
    /// (contended), timeouts, and locks currently held through this instance (as <see cref="SessionLocksStatistics.LiveKeys"/>;
    /// nothing is ever swept).
    /// </summary>
    /// <returns>The counters.</returns>
    public SessionLocksStatistics GetStatistics() => new(
        _counters.Read(SessionLockCounters.Acquisitions),
        _counters.Read(SessionLockCounters.Contended),
        _counters.Read(SessionLockCounters.Timeouts),
        _counters.Read(SessionLockCounters.LiveKeys),
        0);

    /// <summary>
    /// Refuses new acquisitions and fails every caller still waiting (in this process or on the server), both with
    /// <see cref="ObjectDisposedException"/>; then, if this instance created the connection pool, closes it. Handles
    /// already held stay valid and release normally (their connections close on release). Idempotent.
    /// </summary>
    /// <remarks>
    /// A caller waiting on the server has its wait cancelled (its connection's advisory locks are then released, so a
    /// lock granted at that moment is not kept), and an acquisition that completes on the server after
    /// <see cref="Dispose"/> began releases what it got and fails the same way: a disposed instance returns no handle.
    /// </remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _disposing.Cancel();
            _local.Dispose();
            if (_ownsDataSource)
            {
                _dataSource.Dispose();
            }
        }
    }

    /// <inheritdoc/>
    ISessionLockHandle ISessionLocks<TKey>.Acquire(TKey key, TimeSpan timeout, CancellationToken cancellationToken) => Acquire(key, timeout, cancellationToken);

    /// <inheritdoc/>
    bool ISessionLocks<TKey>.TryAcquire(TKey key, TimeSpan timeout, [NotNullWhen(true)] out ISessionLockHandle? handle)
    {
        bool acquired = TryAcquire(key, timeout, out var concrete);
        handle = concrete;
        return acquired;
    }

    /// <inheritdoc/>
    ValueTask<ISessionLockHandle> ISessionLocks<TKey>.AcquireAsync(TKey key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = AcquireCore(key, timeout, throwOnTimeout: true, async: true, cancellationToken);
        return pending.IsCompletedSuccessfully ? new ValueTask<ISessionLockHandle>(pending.Result!) : new ValueTask<ISessionLockHandle>(WidenNotNullAsync(pending));
    }

    /// <inheritdoc/>
    ValueTask<ISessionLockHandle?> ISessionLocks<TKey>.TryAcquireAsync(TKey key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = AcquireCore(key, timeout, throwOnTimeout: false, async: true, cancellationToken);
        return pending.IsCompletedSuccessfully ? new ValueTask<ISessionLockHandle?>(pending.Result) : new ValueTask<ISessionLockHandle?>(WidenAsync(pending));
    }

    /// <summary>Releases a handle's server lock, then its connection and its in-process lock (see the class remarks).</summary>
    async ValueTask PostgreSqlSessionLock.IReleaser.ReleaseAsync(PostgreSqlSessionLock handle, bool async)
    {
        var connection = handle.Connection;
        try
        {
            using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            unlock.Parameters.Add(new NpgsqlParameter<long> { TypedValue = handle.LockId });
            _ = async ? await unlock.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false) : unlock.ExecuteScalar();
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // The session may still hold the lock: make sure it ends instead of going back to the pool.
            Discard(connection);
        }
        finally
        {
            if (async)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                connection.Dispose();
            }

            handle.Local.Dispose();
            _counters.Add(SessionLockCounters.LiveKeys, -1);
        }
    }

    private static async Task<PostgreSqlSessionLock> NotNullAsync(ValueTask<PostgreSqlSessionLock?> pending) => (await pending.ConfigureAwait(false))!;

    private static async Task<ISessionLockHandle> WidenNotNullAsync(ValueTask<PostgreSqlSessionLock?> pending) => (await pending.ConfigureAwait(false))!;

    private static async Task<ISessionLockHandle?> WidenAsync(ValueTask<PostgreSqlSessionLock?> pending) => await pending.ConfigureAwait(false);

    private static string DefaultFormat(TKey key) =>
        key is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : key.ToString() ?? string.Empty;

    /// <summary>Closes the physical connection when it is returned, so its session (and any advisory lock it holds) ends.</summary>
    private static void Discard(NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Broken && connection.FullState != System.Data.ConnectionState.Closed)
        {
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private static TimeSpan Remaining(TimeSpan timeout, long start)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return timeout;
        }

        var left = timeout - Stopwatch.GetElapsedTime(start);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// Steps 1 and 2 run synchronously in the caller's method (not in an async state machine), so the in-process hold is
    /// recorded in the caller's logical flow and re-entry is detected there.
    /// </summary>
    private ValueTask<PostgreSqlSessionLock?> AcquireCore(TKey key, TimeSpan timeout, bool throwOnTimeout, bool async, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        Guard.Timeout(timeout, nameof(timeout));
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(GetType().Name);
        }

        long id = GetLockId(key);
        long start = Stopwatch.GetTimestamp();
        ValueTask<SessionLock?> local;
        if (async)
        {
            local = _local.TryAcquireAsync(id, timeout, cancellationToken);
        }
        else
        {
            try
            {
                local = new ValueTask<SessionLock?>(_local.Acquire(id, timeout, cancellationToken));
            }
            catch (SessionLockTimeoutException)
            {
                local = new ValueTask<SessionLock?>((SessionLock?)null);
            }
            catch (ObjectDisposedException)
            {
                throw DisposedBeforeAcquired(key);
            }
        }

        return AcquireOnServerAsync(key, id, start, local, timeout, throwOnTimeout, async, cancellationToken);
    }

    private async ValueTask<PostgreSqlSessionLock?> AcquireOnServerAsync(TKey key, long id, long start, ValueTask<SessionLock?> pendingLocal, TimeSpan timeout, bool throwOnTimeout, bool async, CancellationToken cancellationToken)
    {
        SessionLock? local;
        try
        {
            local = await pendingLocal.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            throw DisposedBeforeAcquired(key); // Dispose failed this caller's wait in the process
        }

        if (local is null)
        {
            return TimedOut(key, timeout, throwOnTimeout);
        }

        NpgsqlConnection? connection = null;
        bool handedOver = false;
        try
        {
            connection = async ? await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false) : _dataSource.OpenConnection();
            bool acquired;
            using (var attempt = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection))
            {
                attempt.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
                acquired = (bool)(await ExecuteScalarAsync(attempt, async, cancellationToken).ConfigureAwait(false))!;
            }

            if (!acquired)
            {
                _counters.Increment(SessionLockCounters.Contended);
                var remaining = Remaining(timeout, start);
                if (remaining > TimeSpan.Zero)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
                    try
                    {
                        acquired = await WaitOnServerAsync(connection, id, remaining, async, wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (_disposing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        throw DisposedBeforeAcquired(key);
                    }
                }
            }

            if (!acquired)
            {
                // Nothing is held on the server: the connection goes back to the pool clean.
                return TimedOut(key, timeout, throwOnTimeout);
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                throw DisposedBeforeAcquired(key); // the catch below releases the server lock just taken
            }

            _counters.Increment(SessionLockCounters.Acquisitions);
            _counters.Add(SessionLockCounters.LiveKeys, 1);
            handedOver = true;
            return new PostgreSqlSessionLock(this, key, id, local, connection);
        }
        catch (Exception) when (connection is not null)
        {
            // A cancellation or failure may have raced a grant: release whatever this session might hold.
            await AbandonAsync(connection, async).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (!handedOver)
            {
                if (connection is not null)
                {
                    if (async)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                    }
                    else
                    {
                        connection.Dispose();
                    }
                }

                local.Dispose();
            }
        }
    }

    /// <summary>Waits for the lock on the server for at most <paramref name="remaining"/>; false when the server's lock_timeout fired.</summary>
    private static async ValueTask<bool> WaitOnServerAsync(NpgsqlConnection connection, long id, TimeSpan remaining, bool async, CancellationToken cancellationToken)
    {
        long milliseconds = remaining == Timeout.InfiniteTimeSpan ? 0 : Math.Max(1, (long)Math.Ceiling(remaining.TotalMilliseconds));
        using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        var setTimeout = new NpgsqlBatchCommand("SELECT set_config('lock_timeout', $1, true)");
        setTimeout.Parameters.Add(new NpgsqlParameter<string> { TypedValue = milliseconds.ToString(CultureInfo.InvariantCulture) });
        batch.BatchCommands.Add(setTimeout);
        var wait = new NpgsqlBatchCommand("SELECT pg_advisory_lock($1)");
        wait.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        batch.BatchCommands.Add(wait);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            // Both modes wait through the asynchronous call: it ties the token to the wait on the server, where a
            // token registration calling Cancel() loses a cancellation that fires before the batch is sent (the wait
            // would then run to the lock timeout). The caller's thread blocks either way.
            var execution = batch.ExecuteNonQueryAsync(cancellationToken);
            _ = async ? await execution.ConfigureAwait(false) : execution.GetAwaiter().GetResult();
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == LockNotAvailable)
        {
            using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            _ = async ? await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) : rollback.ExecuteNonQuery();
            return false;
        }
        catch (PostgresException exception) when (exception.SqlState == QueryCanceled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The wait for the advisory lock was cancelled.", exception, cancellationToken);
        }
    }

    private static async ValueTask<object?> ExecuteScalarAsync(NpgsqlCommand command, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return command.ExecuteScalar();
    }

    /// <summary>After a failed or cancelled acquisition: roll back and release every advisory lock of the session, or make sure the session ends.</summary>
    private static async ValueTask AbandonAsync(NpgsqlConnection connection, bool async)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
        {
            return; // Broken or closed: the server ends the session, and its locks with it.
        }

        try
        {
            using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("ROLLBACK"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_unlock_all()"));
            _ = async ? await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) : batch.ExecuteNonQuery();
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            Discard(connection);
        }
    }

    private ObjectDisposedException DisposedBeforeAcquired(TKey key) => LockWaiter.DisposedBeforeAcquired(GetType().Name, key);

    private PostgreSqlSessionLock? TimedOut(TKey key, TimeSpan timeout, bool throwOnTimeout)
    {
        _counters.Increment(SessionLockCounters.Timeouts);
        return throwOnTimeout ? throw new SessionLockTimeoutException(key, timeout) : null;
    }
}
