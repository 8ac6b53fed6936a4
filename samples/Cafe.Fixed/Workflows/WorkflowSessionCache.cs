// Seed incident: the workflow session cache that double-initialised sessions under load. Two requests for a new
// order both missed the cache, both loaded the state and announced the order to the kitchen, and the second
// session silently replaced the first, so updates made through the first one were lost.
namespace Cafe.Workflows;

/// <summary>
/// Keeps the live <see cref="WorkflowSession"/> of every order handled by this node and evicts sessions that
/// have been quiet for a while.
/// </summary>
public sealed class WorkflowSessionCache : IAsyncDisposable
{
    private readonly Dictionary<string, WorkflowSession> _sessions = new(StringComparer.Ordinal);
    private readonly object _sync = new();
    private readonly IWorkflowStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _expiryLoop;

    /// <summary>Creates the cache and starts its background expiry loop.</summary>
    public WorkflowSessionCache(IWorkflowStore store, TimeSpan idleTimeout, TimeProvider? time = null)
    {
        _store = store;
        _idleTimeout = idleTimeout;
        _time = time ?? TimeProvider.System;
        _expiryLoop = Task.Run(() => ExpireIdleSessionsAsync(_stopping.Token));
    }

    /// <summary>Returns the session of <paramref name="workflowId"/>, creating it on first use.</summary>
    public WorkflowSession GetOrCreate(string workflowId)
    {
        lock (_sync)
        {
            if (!_sessions.TryGetValue(workflowId, out WorkflowSession? session))
            {
                session = CreateSession(workflowId);
                _sessions[workflowId] = session;
            }

            session.LastActivity = _time.GetUtcNow();
            return session;
        }
    }

    /// <summary>Removes and disposes the session of <paramref name="workflowId"/>.</summary>
    public bool Evict(string workflowId)
    {
        WorkflowSession? session;
        lock (_sync)
        {
            if (!_sessions.Remove(workflowId, out session))
            {
                return false;
            }
        }

        session.Dispose();
        return true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _expiryLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected: the loop stops when we cancel it.
        }

        _stopping.Dispose();
    }

    private WorkflowSession CreateSession(string workflowId)
    {
        string stage = _store.LoadStage(workflowId);
        var session = new WorkflowSession(workflowId, stage, _time.GetUtcNow());
        _store.Announce(workflowId);
        return session;
    }

    private async Task ExpireIdleSessionsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_idleTimeout, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            DateTimeOffset cutoff = _time.GetUtcNow() - _idleTimeout;
            List<string> expired;
            lock (_sync)
            {
                expired = _sessions.Values.Where(s => s.LastActivity < cutoff).Select(s => s.WorkflowId).ToList();
            }

            foreach (string workflowId in expired)
            {
                Evict(workflowId);
            }
        }
    }
}
