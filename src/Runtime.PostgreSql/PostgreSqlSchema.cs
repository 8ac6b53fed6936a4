using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Guarded.PostgreSql;

/// <summary>Creates and migrates the ledger tables: numbered steps applied in order under a transaction-scoped advisory lock.</summary>
/// <remarks>
/// <c>&lt;schema&gt;.schema_version</c> records the last step applied. Concurrent openers serialize on the advisory lock,
/// so each step runs once. A database migrated by a newer library (a higher version than this one knows) is refused
/// rather than written with an older layout.
/// </remarks>
internal static class PostgreSqlSchema
{
    /// <summary>Serializes migrations of every Guarded schema in one database (an arbitrary constant advisory key).</summary>
    private const long MigrationLockKey = 0x4775617264656431; // "Guarded1"

    private const string Component = "ledger";

    /// <summary>The migration steps; step <c>i</c> brings the schema to version <c>i + 1</c>. Append only.</summary>
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE {0}.ledger_heads (
            ledger       text        NOT NULL,
            key          bytea       NOT NULL,
            version      bigint      NOT NULL CHECK (version >= 0),
            state        bytea,
            committed_at timestamptz,
            PRIMARY KEY (ledger, key));
        CREATE TABLE {0}.ledger_history (
            ledger       text        NOT NULL,
            key          bytea       NOT NULL,
            version      bigint      NOT NULL CHECK (version >= 1),
            state        bytea       NOT NULL,
            committed_at timestamptz NOT NULL,
            PRIMARY KEY (ledger, key, version));
        """,
    ];

    /// <summary>Gets the schema version this library writes.</summary>
    internal static int CurrentVersion => Steps.Length;

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    internal static async ValueTask EnsureAsync(NpgsqlDataSource dataSource, string schema, bool async, CancellationToken cancellationToken)
    {
        string s = Quote(schema);
        using var connection = async ? await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false) : dataSource.OpenConnection();
        using var transaction = async ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : connection.BeginTransaction();
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", async, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            $"CREATE SCHEMA IF NOT EXISTS {s}; CREATE TABLE IF NOT EXISTS {s}.schema_version (component text PRIMARY KEY, version integer NOT NULL)",
            async,
            cancellationToken).ConfigureAwait(false);

        int version;
        using (var read = new NpgsqlCommand($"SELECT version FROM {s}.schema_version WHERE component = $1", connection))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = Component });
            object? found = async ? await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) : read.ExecuteScalar();
            version = found is int v ? v : 0;
        }

        if (version > CurrentVersion)
        {
            throw new NotSupportedException(
                $"The ledger tables in schema '{schema}' are at version {version}, written by a newer Guarded.Runtime.PostgreSql; this library knows versions up to {CurrentVersion}. Upgrade the library.");
        }

        for (int step = version; step < CurrentVersion; step++)
        {
            await ExecuteAsync(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, Steps[step], s), async, cancellationToken).ConfigureAwait(false);
        }

        if (version < CurrentVersion)
        {
            using var write = new NpgsqlCommand(
                $"INSERT INTO {s}.schema_version (component, version) VALUES ($1, $2) ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version",
                connection);
            write.Parameters.Add(new NpgsqlParameter { Value = Component });
            write.Parameters.Add(new NpgsqlParameter { Value = CurrentVersion });
            _ = async ? await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : write.ExecuteNonQuery();
        }

        if (async)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            transaction.Commit();
        }
    }

    private static async ValueTask ExecuteAsync(NpgsqlConnection connection, string sql, bool async, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection);
        _ = async ? await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteNonQuery();
    }
}
