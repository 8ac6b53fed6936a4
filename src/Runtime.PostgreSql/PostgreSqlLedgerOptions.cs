using System;
using System.Diagnostics;

namespace Guarded.PostgreSql;

/// <summary>Where a <see cref="PostgreSqlVersionedLedger{TKey, TState}"/> lives in the database.</summary>
[DebuggerDisplay("Schema = {Schema}, Namespace = {Namespace}")]
public sealed class PostgreSqlLedgerOptions
{
    private string _schema = "guarded";
    private string _namespace = "default";

    /// <summary>
    /// Gets or sets the database schema that holds the ledger tables (default <c>guarded</c>). The library creates the
    /// schema and its tables, and migrates them, the first time a ledger is opened.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public string Schema
    {
        get => _schema;
        set => _schema = NotBlank(value, nameof(Schema));
    }

    /// <summary>
    /// Gets or sets the name that separates independent ledgers sharing the tables (default <c>default</c>). Every
    /// process that must see the same ledger uses the same schema and namespace.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public string Namespace
    {
        get => _namespace;
        set => _namespace = NotBlank(value, nameof(Namespace));
    }

    internal static string NotBlank(string? value, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }

        if (value.Trim().Length == 0)
        {
            throw new ArgumentException("The value must not be empty or white space.", name);
        }

        return value;
    }
}
