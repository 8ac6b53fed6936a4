// case: a volatile busy flag taken under the lock and released by its owner in finally with one volatile store
// quiet
using System.Threading;

public sealed class TickRunner
{
    private readonly object _gate = new object();
    private volatile bool _running;
    private Timer? _timer;

    public void Start() => _timer = new Timer(_ => Tick(), null, 0, 1000);

    private void Tick()
    {
        lock (_gate)
        {
            if (_running)
            {
                return;
            }

            _running = true;
        }

        try
        {
            Work();
        }
        finally
        {
            _running = false;
        }
    }

    private static void Work()
    {
    }
}
