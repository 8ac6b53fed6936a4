namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.SingleHolder"/>: the releasing holder removes the entry when its semaphore
/// looks free, without a reference count. A caller that already looked the entry up but has not started waiting
/// is invisible; it then takes the orphaned semaphore while a newcomer takes a brand-new one.
/// </summary>
internal sealed class UncountedRemovalLocks : SemaphoreTableLocks
{
    protected override void Released(string key, Entry entry)
    {
        lock (Table)
        {
            if (entry.Gate.CurrentCount == 1 && Entries.TryGetValue(key, out var current) && current == entry)
            {
                Entries.Remove(key); // BUG: "free right now" is not "nobody is about to wait on it".
            }
        }
    }
}
