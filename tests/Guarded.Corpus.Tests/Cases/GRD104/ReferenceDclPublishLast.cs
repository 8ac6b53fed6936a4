// case: correct double-checked locking on a reference, built in a local and published last
// quiet
public sealed class ConnectionFactory
{
    private readonly object _gate = new object();
    private DbConnection? _connection;

    public DbConnection Get()
    {
        if (_connection == null)
        {
            lock (_gate)
            {
                if (_connection == null)
                {
                    var connection = new DbConnection();
                    connection.Host = "db";
                    connection.Open();
                    _connection = connection;
                }
            }
        }

        return _connection;
    }
}

public sealed class DbConnection
{
    public string? Host { get; set; }

    public void Open()
    {
    }
}
