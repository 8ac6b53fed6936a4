// case: if (Monitor.TryEnter) wrapping try/finally Exit
// quiet
using System.Threading;

public sealed class Compactor
{
    private readonly object _gate = new object();
    private int _compactions;

    public void TryCompact()
    {
        if (Monitor.TryEnter(_gate))
        {
            try
            {
                _compactions++;
            }
            finally
            {
                Monitor.Exit(_gate);
            }
        }
    }
}
