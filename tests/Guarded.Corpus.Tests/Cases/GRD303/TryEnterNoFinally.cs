// case: Monitor.TryEnter success path releases without a finally
using System.Threading;

public sealed class CacheWarmer
{
    private readonly object _gate = new object();
    private int _warmed;

    public bool TryWarm()
    {
        if (!Monitor.TryEnter(_gate))
        {
            return false;
        }

        _warmed = Compute();
        Monitor.Exit(_gate); // expect: GRD303
        return true;
    }

    private static int Compute() => 42;
}
