// case: Monitor.Enter(x, ref taken) inside try with a conditional Exit in finally
// quiet
using System.Threading;

public sealed class Sequencer
{
    private readonly object _gate = new object();
    private long _next;

    public long Next()
    {
        var taken = false;
        try
        {
            Monitor.Enter(_gate, ref taken);
            return ++_next;
        }
        finally
        {
            if (taken)
            {
                Monitor.Exit(_gate);
            }
        }
    }
}
