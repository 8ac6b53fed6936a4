// Seed incident: background task bookkeeping cleaned up in finally without the lock. Jobs (loyalty exports,
// nightly stock counts) were registered under the lock but removed from the running set in their finally block
// without it; the status page enumerated the set under the lock and crashed, and entries went missing.
namespace Cafe.Tasks;

/// <summary>
/// Starts background jobs and keeps track of which ones are still running, for the status page and shutdown.
/// </summary>
public sealed class TaskBookkeeping
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, RunningJob> _running = new();
    private readonly TimeProvider _time;

    /// <summary>Creates the bookkeeping.</summary>
    public TaskBookkeeping(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Starts <paramref name="work"/> on the thread pool and returns its job id.</summary>
    public Guid Start(string name, Func<CancellationToken, Task> work)
    {
        var id = Guid.NewGuid();
        var job = new RunningJob(name, _time.GetUtcNow(), new CancellationTokenSource());
        lock (_gate)
        {
            _running.Add(id, job);
        }

        job.Completion = Task.Run(() => RunAsync(id, job, work));
        return id;
    }

    /// <summary>Names and start times of the jobs still running.</summary>
    public IReadOnlyList<(string Name, DateTimeOffset StartedAt)> Snapshot()
    {
        lock (_gate)
        {
            return _running.Values.Select(job => (job.Name, job.StartedAt)).ToList();
        }
    }

    /// <summary>Cancels every running job and waits for them to finish.</summary>
    public async Task StopAllAsync()
    {
        List<RunningJob> jobs;
        lock (_gate)
        {
            jobs = _running.Values.ToList();
        }

        foreach (RunningJob job in jobs)
        {
            await job.Cancellation.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(jobs.Select(job => job.Completion)).ConfigureAwait(false);
    }

    private async Task RunAsync(Guid id, RunningJob job, Func<CancellationToken, Task> work)
    {
        try
        {
            await work(job.Cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            // Stopped on request.
        }
        finally
        {
            lock (_gate)
            {
                _running.Remove(id);
            }

            job.Cancellation.Dispose();
        }
    }

    private sealed class RunningJob(string name, DateTimeOffset startedAt, CancellationTokenSource cancellation)
    {
        public string Name { get; } = name;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task Completion { get; set; } = Task.CompletedTask;
    }
}
