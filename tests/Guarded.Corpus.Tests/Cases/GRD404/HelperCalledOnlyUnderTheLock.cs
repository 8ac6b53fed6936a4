// case: private wake-up helpers that every caller calls inside the lock, also through another helper
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class PrintSpooler
{
    private readonly object _gate = new object();
    private readonly List<string> _jobs = new List<string>();

    public void Submit(string job)
    {
        lock (_gate)
        {
            _jobs.Add(job);
            SignalJobs();
        }
    }

    public void Cancel(string job)
    {
        lock (_gate)
        {
            if (_jobs.Remove(job))
            {
                Changed();
            }
        }
    }

    public string Next()
    {
        lock (_gate)
        {
            while (_jobs.Count == 0)
            {
                Monitor.Wait(_gate);
            }

            var job = _jobs[0];
            _jobs.RemoveAt(0);
            return job;
        }
    }

    private void Changed() => SignalJobs();

    private void SignalJobs() => Monitor.PulseAll(_gate);
}
