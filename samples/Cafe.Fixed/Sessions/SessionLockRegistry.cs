// Seed incident: the per-session lock registry. Chat requests for one session were meant to run one at a time,
// but two requests arriving together each created "the" lock for the session, and the idle sweeper dropped
// (and disposed) locks that a request was still holding, so a third request got a fresh lock and ran alongside.
using Guarded;

namespace Cafe.Sessions;

/// <summary>
/// Hands out one lock per ordering session so that requests for the same session (a table's tablet, a
/// customer's app) are processed one at a time. Idle sessions are swept periodically to keep memory flat.
/// </summary>
public sealed class SessionLockRegistry : IDisposable
{
    private readonly SessionLocks<string> _locks = new SessionLocks<string>(new SessionLocksOptions<string>() { KeyComparer = StringComparer.Ordinal });
    private readonly TimeProvider _time;
    private readonly ITimer _sweepTimer;

    /// <summary>Creates a registry that forgets sessions idle for longer than <paramref name="maxIdle"/>.</summary>
    public SessionLockRegistry(TimeSpan maxIdle, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _sweepTimer = _time.CreateTimer(_ => SweepIdle(), null, maxIdle, maxIdle);
    }

    /// <summary>Number of sessions that currently have a lock.</summary>
    public int ActiveSessions
    {
        get
        {
            return _locks.Count;
        }
    }

    /// <summary>Runs <paramref name="work"/> while holding the lock of <paramref name="sessionId"/>.</summary>
    public async Task<T> RunExclusiveAsync<T>(string sessionId, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        using (await _locks.AcquireAsync(sessionId, cancellationToken).ConfigureAwait(false))
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the locks of sessions that have not been used for the configured idle time.</summary>
    public int SweepIdle()
    {
        // SessionLocks removes only the entries that nobody holds, awaits or is about to acquire, so a sweep can no longer
        // drop a lock in use. TimeSpan.Zero frees every such entry (its key gets a new lock on its next use); returns how many.
        return _locks.Sweep(TimeSpan.Zero);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sweepTimer.Dispose();
        _locks.Dispose();
    }
}
