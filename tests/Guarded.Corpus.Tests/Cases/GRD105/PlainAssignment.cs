// case: last heartbeat stored with a plain assignment
// quiet
using System;
using System.Threading.Tasks;

public sealed class HeartbeatMonitor
{
    private DateTime _lastBeat;

    public Task BeatAsync() => Task.Run(() => { _lastBeat = DateTime.UtcNow; });

    public bool IsAlive(DateTime now) => now - _lastBeat < TimeSpan.FromSeconds(30);
}
