// case: a work shift starts its worker threads on the first start and clears the first-start flag only at the end of Start: two overlapping starts both start the workers
using System.Collections.Generic;
using System.Threading;

public sealed class WorkShift
{
    private readonly object _gate = new object();
    private readonly List<Thread> _workers = new List<Thread>();
    private readonly Queue<string> _queue = new Queue<string>();
    private bool _firstStart = true;

    public void Start()
    {
        if (_firstStart)
            StartWorkers();

        lock (_gate)
        {
            _queue.Enqueue("open");
        }

        _firstStart = false; // expect: GRD301
    }

    private void StartWorkers()
    {
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }
}
