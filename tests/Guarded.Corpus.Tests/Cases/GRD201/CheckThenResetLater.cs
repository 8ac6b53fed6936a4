// case: a stop checks the running flag without the lock and resets it later: two stops both pass the check
using System.Threading;

public sealed class Poller
{
    private readonly object _gate = new object();
    private Timer? _timer;
    private bool _running;

    public void Start()
    {
        lock (_gate)
        {
            _running = true;
            _timer = new Timer(_ => { }, null, 0, 1000);
        }
    }

    public void Stop()
    {
        if (!_running) // expect: GRD201
        {
            return;
        }

        _timer?.Dispose();
        _running = false; // expect: GRD201
    }
}
