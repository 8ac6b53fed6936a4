using System;

namespace Guarded.PostgreSql;

/// <summary>Argument checks for connection strings.</summary>
internal static class ConnectionStrings
{
    internal static string NotBlank(string? connectionString)
    {
        if (connectionString is null)
        {
            throw new ArgumentNullException(nameof(connectionString));
        }

        if (connectionString.Trim().Length == 0)
        {
            throw new ArgumentException("The connection string must not be empty or white space.", nameof(connectionString));
        }

        return connectionString;
    }
}
