using System;
using System.Linq;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.SingleHolder"/> across sweeps: the sweep judges idleness by last access time
/// only, so it drops an entry that is held (or awaited); the next caller creates a fresh semaphore and enters too.
/// </summary>
internal sealed class SweepIgnoresHoldersLocks : SemaphoreTableLocks
{
    public override int Sweep(TimeSpan maxIdle)
    {
        lock (Table)
        {
            long now = Environment.TickCount64;
            var idle = Entries.Where(e => now - e.Value.LastAccess >= (long)maxIdle.TotalMilliseconds).Select(e => e.Key).ToList();
            foreach (string key in idle)
            {
                Entries.Remove(key); // BUG: no check that nobody holds or waits for it.
            }

            return idle.Count;
        }
    }
}
