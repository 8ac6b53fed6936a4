using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Diagnostics;
using Guarded.Internal;
using Npgsql;
using NpgsqlTypes;

namespace Guarded.PostgreSql;

/// <summary>Opens <see cref="PostgreSqlVersionedLedger{TKey, TState}"/> instances: one line of setup.</summary>
public static class PostgreSqlVersionedLedger
{
    /// <summary>
    /// Opens the ledger stored in the PostgreSQL database at <paramref name="connectionString"/>, creating or migrating its
    /// tables first. The ledger owns the connection pool it creates and closes it when disposed.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="codec">Encodes keys and states (the same codecs as the journaled ledger; see <see cref="LedgerCodec"/>).</param>
    /// <param name="options">Initial state, clock and metrics name, as for the in-memory ledger; null for defaults (its <c>KeyComparer</c> is not used, see the class remarks).</param>
    /// <param name="store">Schema and namespace; null for defaults.</param>
    /// <returns>The ledger.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connectionString"/> or <paramref name="codec"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty, white space, or not a valid Npgsql connection string.</exception>
    /// <exception cref="NpgsqlException">
    /// The database cannot be reached, or the schema cannot be created or migrated (<see cref="PostgresException"/> when the
    /// server refuses, for example for lack of permission).
    /// </exception>
    /// <exception cref="NotSupportedException">The tables were migrated by a newer version of this library.</exception>
    public static PostgreSqlVersionedLedger<TKey, TState> Open<TKey, TState>(string connectionString, ILedgerCodec<TKey, TState> codec, VersionedLedgerOptions<TKey, TState>? options = null, PostgreSqlLedgerOptions? store = null)
        where TKey : notnull
    {
        var dataSource = NpgsqlDataSource.Create(ConnectionStrings.NotBlank(connectionString));
        try
        {
            return Open(dataSource, codec, options, store, ownsDataSource: true);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the ledger stored in the database of <paramref name="dataSource"/>, creating or migrating its tables first.
    /// The caller keeps ownership of <paramref name="dataSource"/>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="dataSource">The Npgsql data source (connection pool) to use.</param>
    /// <param name="codec">Encodes keys and states.</param>
    /// <param name="options">Initial state, clock and metrics name; null for defaults.</param>
    /// <param name="store">Schema and namespace; null for defaults.</param>
    /// <returns>The ledger.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> or <paramref name="codec"/> is null.</exception>
    /// <exception cref="NpgsqlException">
    /// The database cannot be reached, or the schema cannot be created or migrated (<see cref="PostgresException"/> when the
    /// server refuses, for example for lack of permission).
    /// </exception>
    /// <exception cref="NotSupportedException">The tables were migrated by a newer version of this library.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="dataSource"/> was disposed.</exception>
    public static PostgreSqlVersionedLedger<TKey, TState> Open<TKey, TState>(NpgsqlDataSource dataSource, ILedgerCodec<TKey, TState> codec, VersionedLedgerOptions<TKey, TState>? options = null, PostgreSqlLedgerOptions? store = null)
        where TKey : notnull =>
        Open(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), codec, options, store, ownsDataSource: false);

    /// <summary>The asynchronous form of <see cref="Open{TKey, TState}(NpgsqlDataSource, ILedgerCodec{TKey, TState}, VersionedLedgerOptions{TKey, TState}?, PostgreSqlLedgerOptions?)"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="dataSource">The Npgsql data source (connection pool) to use; the caller keeps ownership.</param>
    /// <param name="codec">Encodes keys and states.</param>
    /// <param name="options">Initial state, clock and metrics name; null for defaults.</param>
    /// <param name="store">Schema and namespace; null for defaults.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The ledger.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> or <paramref name="codec"/> is null.</exception>
    /// <exception cref="NpgsqlException">
    /// The database cannot be reached, or the schema cannot be created or migrated (<see cref="PostgresException"/> when the
    /// server refuses, for example for lack of permission).
    /// </exception>
    /// <exception cref="NotSupportedException">The tables were migrated by a newer version of this library.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="dataSource"/> was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; a migration in progress is rolled back.</exception>
    public static async Task<PostgreSqlVersionedLedger<TKey, TState>> OpenAsync<TKey, TState>(NpgsqlDataSource dataSource, ILedgerCodec<TKey, TState> codec, VersionedLedgerOptions<TKey, TState>? options = null, PostgreSqlLedgerOptions? store = null, CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        if (dataSource is null)
        {
            throw new ArgumentNullException(nameof(dataSource));
        }

        if (codec is null)
        {
            throw new ArgumentNullException(nameof(codec));
        }

        store ??= new PostgreSqlLedgerOptions();
        await PostgreSqlSchema.EnsureAsync(dataSource, store.Schema, async: true, cancellationToken).ConfigureAwait(false);
        return new PostgreSqlVersionedLedger<TKey, TState>(dataSource, ownsDataSource: false, codec, options, store);
    }

    private static PostgreSqlVersionedLedger<TKey, TState> Open<TKey, TState>(NpgsqlDataSource dataSource, ILedgerCodec<TKey, TState> codec, VersionedLedgerOptions<TKey, TState>? options, PostgreSqlLedgerOptions? store, bool ownsDataSource)
        where TKey : notnull
    {
        if (codec is null)
        {
            throw new ArgumentNullException(nameof(codec));
        }

        store ??= new PostgreSqlLedgerOptions();
        PostgreSqlSchema.EnsureAsync(dataSource, store.Schema, async: false, CancellationToken.None).GetAwaiter().GetResult();
        return new PostgreSqlVersionedLedger<TKey, TState>(dataSource, ownsDataSource, codec, options, store);
    }
}

/// <summary>
/// The <see cref="IVersionedLedger{TKey, TState}"/> contract on a PostgreSQL table, shared by every process and machine that
/// opens the same database, schema and namespace.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TState">The state type; treat it as immutable.</typeparam>
/// <remarks>
/// <para><b>Storage.</b> <c>&lt;schema&gt;.ledger_heads</c> holds one row per key (namespace, encoded key, version, encoded
/// state, commit time); <c>&lt;schema&gt;.ledger_history</c> holds one row per committed version. Keys and states are
/// encoded with the <see cref="ILedgerCodec{TKey, TState}"/>; two keys are the same key when their encodings are equal
/// (<see cref="VersionedLedgerOptions{TKey, TState}.KeyComparer"/> is not used).</para>
/// <para><b>An update, step by step</b> (one transaction, two round trips): (1) <c>BEGIN</c>; insert a version-0 row for the key
/// if it has none (<c>ON CONFLICT DO NOTHING</c>) and read the key's row <c>FOR UPDATE</c>, which locks it until the
/// transaction ends; (2) if the version is not the expected one, roll back and return
/// <see cref="LedgerOutcome.Conflict"/> with both versions, without calling <c>decide</c>; (3) call <c>decide</c> with the
/// state read: a rejection rolls back and returns <see cref="LedgerOutcome.Rejected"/>; an exception rolls back and
/// propagates; (4) <c>UPDATE … SET version = expected + 1 … WHERE key = @k AND version = @expected</c> and, in the same
/// statement, append the new version to the history; then <c>COMMIT</c>. Only when the commit is acknowledged does the
/// call return <see cref="LedgerOutcome.Committed"/>.</para>
/// <para>The row lock makes <c>decide</c> see the state its commit replaces, so conflicts and rejections are reported
/// exactly as by the in-memory ledger; the version predicate of the <c>UPDATE</c> is the optimistic guard that makes a
/// lost update impossible (an update that matched no row would throw rather than commit).</para>
/// <para><b>Durability</b> is the server's: a commit acknowledged with PostgreSQL's default <c>synchronous_commit = on</c>
/// is on disk. If the connection fails while <c>COMMIT</c> is in flight, the exception propagates and the commit may or may
/// not have happened (read the key to find out): the one outcome in doubt that an in-memory ledger does not have.</para>
/// <para><b>Timestamps</b> come from the ledger's <see cref="TimeProvider"/> on the committing machine, stored with
/// microsecond precision.</para>
/// </remarks>
[DebuggerDisplay("Namespace = {_namespace}")]
public sealed class PostgreSqlVersionedLedger<TKey, TState> : IVersionedLedger<TKey, TState>
    where TKey : notnull
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly ILedgerCodec<TKey, TState> _codec;
    private readonly TState _initialState;
    private readonly TimeProvider _timeProvider;
    private readonly string _namespace;
    private readonly StripedCounterSet _counters;
    private readonly string _readSql;
    private readonly string _historySql;
    private readonly string _insertPlaceholderSql;
    private readonly string _lockRowSql;
    private readonly string _commitSql;
    private int _disposed;

    internal PostgreSqlVersionedLedger(NpgsqlDataSource dataSource, bool ownsDataSource, ILedgerCodec<TKey, TState> codec, VersionedLedgerOptions<TKey, TState>? options, PostgreSqlLedgerOptions store)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _codec = codec;
        _initialState = options is null ? default! : options.InitialState;
        _timeProvider = options?.TimeProvider ?? TimeProvider.System;
        _namespace = store.Namespace;
        _counters = GuardedMetrics.Register(MetricSourceKind.Ledger, options?.Name, LedgerCounters.Count).Counters;
        string s = PostgreSqlSchema.Quote(store.Schema);
        _readSql = $"SELECT version, state, committed_at FROM {s}.ledger_heads WHERE ledger = $1 AND key = $2";
        _historySql = $"SELECT version, state, committed_at FROM {s}.ledger_history WHERE ledger = $1 AND key = $2 ORDER BY version";
        _insertPlaceholderSql = $"INSERT INTO {s}.ledger_heads (ledger, key, version) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING";
        _lockRowSql = _readSql + " FOR UPDATE";
        _commitSql =
            $"WITH head AS (UPDATE {s}.ledger_heads SET version = $3 + 1, state = $4, committed_at = $5 WHERE ledger = $1 AND key = $2 AND version = $3 RETURNING version) " +
            $"INSERT INTO {s}.ledger_history (ledger, key, version, state, committed_at) SELECT $1, $2, head.version, $4, $5 FROM head";
    }

    /// <summary>Gets the namespace that separates this ledger from others in the same tables.</summary>
    public string Namespace => _namespace;

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached, or failed.</exception>
    /// <exception cref="ObjectDisposedException">The ledger, or the data source it was opened with, was disposed.</exception>
    /// <exception cref="Exception">Whatever the codec throws encoding the key or decoding a state propagates unchanged.</exception>
    public LedgerEntry<TState> Read(TKey key) => ReadCore(key, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached, or failed.</exception>
    /// <exception cref="ObjectDisposedException">The ledger, or the data source it was opened with, was disposed.</exception>
    /// <exception cref="Exception">Whatever the codec throws encoding the key or decoding a state propagates unchanged.</exception>
    public ValueTask<LedgerEntry<TState>> ReadAsync(TKey key, CancellationToken cancellationToken = default) => ReadCore(key, async: true, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached, or failed.</exception>
    /// <exception cref="ObjectDisposedException">The ledger, or the data source it was opened with, was disposed.</exception>
    /// <exception cref="Exception">Whatever the codec throws encoding the key or decoding a state propagates unchanged.</exception>
    public IReadOnlyList<LedgerEntry<TState>> GetHistory(TKey key) => HistoryCore(key, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Returns every committed version of <paramref name="key"/> asynchronously, oldest first.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A snapshot of the history; empty when the key was never committed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached, or failed.</exception>
    /// <exception cref="ObjectDisposedException">The ledger, or the data source it was opened with, was disposed.</exception>
    /// <exception cref="Exception">Whatever the codec throws encoding the key or decoding a state propagates unchanged.</exception>
    public ValueTask<IReadOnlyList<LedgerEntry<TState>>> GetHistoryAsync(TKey key, CancellationToken cancellationToken = default) => HistoryCore(key, async: true, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached, or failed; nothing changed unless the failure hit <c>COMMIT</c> itself (see the class remarks).</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>, or the key's row was changed or
    /// deleted outside the ledger; nothing changes.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ledger, or the data source it was opened with, was disposed.</exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> or the codec throws propagates unchanged; the transaction is rolled back.</exception>
    public LedgerUpdateResult<TState> TryUpdate(TKey key, long expectedVersion, Func<TState, LedgerDecision<TState>> decide)
    {
        NotNegative(expectedVersion);
        return UpdateCore(key, expectedVersion, decide, async: false, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached, or failed (see <see cref="TryUpdate"/>).</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>, or the key's row was changed or
    /// deleted outside the ledger; nothing changes.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ledger, or the data source it was opened with, was disposed.</exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> or the codec throws propagates unchanged; the transaction is rolled back.</exception>
    public LedgerUpdateResult<TState> Update(TKey key, Func<TState, LedgerDecision<TState>> decide) =>
        UpdateCore(key, null, decide, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached, or failed (see <see cref="TryUpdate"/>).</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>, or the key's row was changed or
    /// deleted outside the ledger; nothing changes.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ledger, or the data source it was opened with, was disposed.</exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> or the codec throws propagates unchanged; the transaction is rolled back.</exception>
    public ValueTask<LedgerUpdateResult<TState>> TryUpdateAsync(TKey key, long expectedVersion, Func<TState, LedgerDecision<TState>> decide, CancellationToken cancellationToken = default)
    {
        NotNegative(expectedVersion);
        return UpdateCore(key, expectedVersion, decide, async: true, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached, or failed (see <see cref="TryUpdate"/>).</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>, or the key's row was changed or
    /// deleted outside the ledger; nothing changes.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ledger, or the data source it was opened with, was disposed.</exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> or the codec throws propagates unchanged; the transaction is rolled back.</exception>
    public ValueTask<LedgerUpdateResult<TState>> UpdateAsync(TKey key, Func<TState, LedgerDecision<TState>> decide, CancellationToken cancellationToken = default) =>
        UpdateCore(key, null, decide, async: true, cancellationToken);

    /// <inheritdoc/>
    public VersionedLedgerStatistics GetStatistics() => new(
        _counters.Read(LedgerCounters.Commits),
        _counters.Read(LedgerCounters.Conflicts),
        _counters.Read(LedgerCounters.Rejections));

    /// <summary>Refuses later reads and updates (<see cref="ObjectDisposedException"/>) and closes the connection pool if this ledger created it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private static void NotNegative(long expectedVersion)
    {
        if (expectedVersion < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedVersion), expectedVersion, "The value must not be negative.");
        }
    }

    private byte[] EncodeKey(TKey key)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        ThrowIfDisposed();
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            _codec.WriteKey(writer, key);
        }

        return buffer.ToArray();
    }

    private byte[] EncodeState(TState state)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            _codec.WriteState(writer, state);
        }

        return buffer.ToArray();
    }

    private TState DecodeState(byte[] bytes)
    {
        using var buffer = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(buffer, Encoding.UTF8);
        return _codec.ReadState(reader);
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(GetType().Name);
        }
    }

    /// <summary>Reads (version, state, committed_at) from a heads or history row; a version-0 row carries the initial state.</summary>
    private LedgerEntry<TState> ReadEntry(NpgsqlDataReader reader)
    {
        long version = reader.GetInt64(0);
        if (version == 0)
        {
            return new LedgerEntry<TState>(_initialState, 0, default);
        }

        var state = DecodeState(reader.GetFieldValue<byte[]>(1));
        var timestamp = new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero);
        return new LedgerEntry<TState>(state, version, timestamp);
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, string sql, byte[] key)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _namespace });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = key });
        return command;
    }

    private async ValueTask<LedgerEntry<TState>> ReadCore(TKey key, bool async, CancellationToken cancellationToken)
    {
        var encodedKey = EncodeKey(key);
        using var connection = async ? await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false) : _dataSource.OpenConnection();
        using var command = Command(connection, _readSql, encodedKey);
        using var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
        bool found = async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read();
        return found ? ReadEntry(reader) : new LedgerEntry<TState>(_initialState, 0, default);
    }

    private async ValueTask<IReadOnlyList<LedgerEntry<TState>>> HistoryCore(TKey key, bool async, CancellationToken cancellationToken)
    {
        var encodedKey = EncodeKey(key);
        using var connection = async ? await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false) : _dataSource.OpenConnection();
        using var command = Command(connection, _historySql, encodedKey);
        using var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
        var history = new List<LedgerEntry<TState>>();
        while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
        {
            history.Add(ReadEntry(reader));
        }

        return history;
    }

    private async ValueTask<LedgerUpdateResult<TState>> UpdateCore(TKey key, long? expectedVersion, Func<TState, LedgerDecision<TState>> decide, bool async, CancellationToken cancellationToken)
    {
        var encodedKey = EncodeKey(key);
        if (decide is null)
        {
            throw new ArgumentNullException(nameof(decide));
        }

        DecideCallbacks.ThrowIfDeciding(this);

        cancellationToken.ThrowIfCancellationRequested();
        using var connection = async ? await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false) : _dataSource.OpenConnection();
        bool inTransaction = false;
        try
        {
            // Round trip 1: BEGIN, make sure the key has a row, lock it and read it.
            LedgerEntry<TState> current;
            using (var batch = new NpgsqlBatch(connection))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                batch.BatchCommands.Add(KeyCommand(_insertPlaceholderSql, encodedKey));
                batch.BatchCommands.Add(KeyCommand(_lockRowSql, encodedKey));
                inTransaction = true;
                using var reader = async ? await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : batch.ExecuteReader();
                bool found = async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read();
                if (!found)
                {
                    throw new InvalidOperationException("The ledger row of the key vanished inside its transaction; was the table changed outside the ledger?");
                }

                current = ReadEntry(reader);
            }

            long actual = current.Version;
            long expected = expectedVersion ?? actual;
            if (expected != actual)
            {
                await RollbackAsync(connection, async).ConfigureAwait(false);
                inTransaction = false;
                _counters.Increment(LedgerCounters.Conflicts);
                return new LedgerUpdateResult<TState>(LedgerOutcome.Conflict, actual, expected, actual, current.State, null);
            }

            // From here on the update is not cancellable: decide runs, and a commit is never left in doubt by a cancellation.
            var decision = DecideCallbacks.Run(this, decide, current.State);
            if (!decision.IsValid)
            {
                throw new InvalidOperationException("The decide callback returned a default LedgerDecision; return LedgerDecision.Commit(...) or LedgerDecision.Reject(...).");
            }

            if (!decision.IsCommit)
            {
                await RollbackAsync(connection, async).ConfigureAwait(false);
                inTransaction = false;
                _counters.Increment(LedgerCounters.Rejections);
                return new LedgerUpdateResult<TState>(LedgerOutcome.Rejected, actual, expected, actual, current.State, decision.RejectionReason);
            }

            var encodedState = EncodeState(decision.State);
            var timestamp = _timeProvider.GetUtcNow();

            // Round trip 2: the guarded UPDATE with its history row, and COMMIT.
            int appended;
            using (var batch = new NpgsqlBatch(connection))
            {
                var commit = KeyCommand(_commitSql, encodedKey);
                commit.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
                commit.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = encodedState });
                commit.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = timestamp.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                batch.BatchCommands.Add(commit);
                batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                _ = async ? await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) : batch.ExecuteNonQuery();
                inTransaction = false;
                appended = commit.RecordsAffected;
            }

            if (appended != 1)
            {
                throw new InvalidOperationException($"The ledger row of the key was not at version {expected} under its row lock; nothing was committed. Was the table changed outside the ledger?");
            }

            _counters.Increment(LedgerCounters.Commits);
            return new LedgerUpdateResult<TState>(LedgerOutcome.Committed, expected + 1, expected, expected, decision.State, null);
        }
        catch when (inTransaction)
        {
            await TryRollbackAsync(connection, async).ConfigureAwait(false);
            throw;
        }
    }

    private NpgsqlBatchCommand KeyCommand(string sql, byte[] key)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _namespace });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = key });
        return command;
    }

    private static async ValueTask RollbackAsync(NpgsqlConnection connection, bool async)
    {
        using var rollback = new NpgsqlCommand("ROLLBACK", connection);
        _ = async ? await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) : rollback.ExecuteNonQuery();
    }

    /// <summary>Rolls back after a failure; if even that fails the connection is broken, and the server aborts the transaction with the session.</summary>
    private static async ValueTask TryRollbackAsync(NpgsqlConnection connection, bool async)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await RollbackAsync(connection, async).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // The original exception is the one that matters.
        }
    }
}
