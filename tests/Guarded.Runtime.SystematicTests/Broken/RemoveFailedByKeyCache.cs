using System.Threading.Tasks;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.SuccessStaysCached"/>: every caller that sees a load fail cleans up with a
/// remove by key alone. A waiter that resumes late evicts the newer, healthy entry another caller loaded since.
/// </summary>
internal sealed class RemoveFailedByKeyCache : InFlightCacheBase
{
    protected override void OnLoadFailed(string key, Task<int> load)
    {
        // Cleanup moved to the waiters, below.
    }

    protected override async Task<int> AwaitLoadAsync(string key, Task<int> load, bool owner)
    {
        try
        {
            return await load;
        }
        catch
        {
            lock (Gate)
            {
                Entries.Remove(key); // BUG: by key only; the entry may no longer be this load.
            }

            throw;
        }
    }
}
