// case: a memo keyed by a local (the connection string read from the connection) stores a flag computed from that key alone
// quiet
using System;
using System.Collections.Concurrent;

public sealed class PoolingFlags
{
    private static readonly ConcurrentDictionary<string, bool> s_pooling = new ConcurrentDictionary<string, bool>();

    public bool UsesPooling(Connection connection)
    {
        var connectionString = connection.ConnectionString;
        if (!s_pooling.TryGetValue(connectionString, out var pooling))
        {
            pooling = connectionString.IndexOf("Pooling=true", StringComparison.OrdinalIgnoreCase) >= 0;
            s_pooling[connectionString] = pooling;
        }

        return pooling;
    }
}

public sealed class Connection
{
    public string ConnectionString { get; set; } = string.Empty;
}
