// case: static telemetry buffer flushed with an await while holding a Monitor
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public static class Telemetry
{
    private static readonly object s_sync = new object();
    private static readonly List<string> s_buffer = new List<string>();

    public static async Task FlushAsync()
    {
        Monitor.Enter(s_sync); // expect: GRD304
        try
        {
            var batch = s_buffer.ToArray();
            s_buffer.Clear();
            await Task.Delay(batch.Length);
        }
        finally
        {
            Monitor.Exit(s_sync);
        }
    }
}
