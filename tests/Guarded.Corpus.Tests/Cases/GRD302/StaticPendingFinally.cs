// case: static pending-upload map cleaned in finally without its static lock
using System.Collections.Generic;
using System.Threading.Tasks;

public static class UploadRegistry
{
    private static readonly object s_gate = new object();
    private static readonly Dictionary<string, int> s_pending = new Dictionary<string, int>();

    public static async Task UploadAsync(string file, int size)
    {
        lock (s_gate)
        {
            s_pending[file] = size;
        }

        try
        {
            await Task.Delay(size);
        }
        finally
        {
            s_pending.Remove(file); // expect: GRD302
        }
    }
}
