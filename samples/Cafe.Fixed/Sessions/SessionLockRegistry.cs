// Seed incident: the per-session lock registry. Chat requests for one session were meant to run one at a time,
// but two requests arriving together each created "the" lock for the session, and the idle sweeper dropped
// (and disposed) locks that a request was still holding, so a third request got a fresh lock and ran alongside.
namespace Cafe.Sessions;

/// <summary>
/// Hands out one lock per ordering session so that requests for the same session (a table's tablet, a
/// customer's app) are processed one at a time. Idle sessions are swept periodically to keep memory flat.
/// </summary>
public sealed class SessionLockRegistry : IDisposable
{
    private readonly Dictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastUsed = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxIdle;
    private readonly ITimer _sweepTimer;

    /// <summary>Creates a registry that forgets sessions idle for longer than <paramref name="maxIdle"/>.</summary>
    public SessionLockRegistry(TimeSpan maxIdle, TimeProvider? time = null)
    {
        _maxIdle = maxIdle;
        _time = time ?? TimeProvider.System;
        _sweepTimer = _time.CreateTimer(_ => SweepIdle(), null, maxIdle, maxIdle);
    }

    /// <summary>Number of sessions that currently have a lock.</summary>
    public int ActiveSessions
    {
        get
        {
            lock (_gate)
            {
                return _locks.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> while holding the lock of <paramref name="sessionId"/>.</summary>
    public async Task<T> RunExclusiveAsync<T>(string sessionId, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        SemaphoreSlim sessionLock = GetLock(sessionId);
        await sessionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            sessionLock.Release();
        }
    }

    /// <summary>Removes the locks of sessions that have not been used for the configured idle time.</summary>
    public int SweepIdle()
    {
        DateTimeOffset cutoff = _time.GetUtcNow() - _maxIdle;
        int removed = 0;
        lock (_gate)
        {
            List<string> idle = _lastUsed.Where(entry => entry.Value < cutoff).Select(entry => entry.Key).ToList();
            foreach (string sessionId in idle)
            {
                _lastUsed.Remove(sessionId);
                if (_locks.Remove(sessionId, out SemaphoreSlim? sessionLock))
                {
                    sessionLock.Dispose();
                    removed++;
                }
            }
        }

        return removed;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sweepTimer.Dispose();
        lock (_gate)
        {
            foreach (SemaphoreSlim sessionLock in _locks.Values)
            {
                sessionLock.Dispose();
            }

            _locks.Clear();
            _lastUsed.Clear();
        }
    }

    private SemaphoreSlim GetLock(string sessionId)
    {
        lock (_gate)
        {
            if (!_locks.ContainsKey(sessionId))
            {
                _locks[sessionId] = new SemaphoreSlim(1, 1);
            }
        }

        MarkUsed(sessionId);
        lock (_gate)
        {
            return _locks[sessionId];
        }
    }

    private void MarkUsed(string sessionId)
    {
        lock (_gate)
        {
            _lastUsed[sessionId] = _time.GetUtcNow();
        }
    }
}
