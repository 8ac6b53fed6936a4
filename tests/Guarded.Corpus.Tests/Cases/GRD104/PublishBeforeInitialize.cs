// case: static connection published before it is configured and opened
public static class Database
{
    private static readonly object s_gate = new object();
    private static Connection? s_connection;

    public static Connection Connection()
    {
        if (s_connection == null)
        {
            lock (s_gate)
            {
                if (s_connection == null)
                {
                    s_connection = new Connection(); // expect: GRD104
                    s_connection.Host = "db";
                    s_connection.Open();
                }
            }
        }

        return s_connection;
    }
}

public sealed class Connection
{
    public string? Host { get; set; }

    public bool IsOpen { get; private set; }

    public void Open() => IsOpen = true;
}
