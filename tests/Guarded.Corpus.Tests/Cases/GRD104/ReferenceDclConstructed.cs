// case: classic double-checked singleton on a fully constructed reference
// quiet
public sealed class MetricsRegistry
{
    private static readonly object s_gate = new object();
    private static MetricsRegistry? s_instance;

    private MetricsRegistry()
    {
    }

    public static MetricsRegistry Instance
    {
        get
        {
            if (s_instance == null)
            {
                lock (s_gate)
                {
                    if (s_instance == null)
                    {
                        s_instance = new MetricsRegistry();
                    }
                }
            }

            return s_instance;
        }
    }
}
