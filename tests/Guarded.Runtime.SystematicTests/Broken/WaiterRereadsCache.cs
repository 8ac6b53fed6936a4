using System.Threading.Tasks;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.WaiterSeesFailure"/>: a caller that joined someone else's load waits for it
/// to finish and then reads the cache, falling back to <c>default</c>; the load's failure reaches its owner only.
/// </summary>
internal sealed class WaiterRereadsCache : InFlightCacheBase
{
    protected override async Task<int> AwaitLoadAsync(string key, Task<int> load, bool owner)
    {
        if (owner)
        {
            return await load;
        }

        try
        {
            await load;
        }
        catch
        {
            // BUG: the waiter swallows the failure of the load it waited for.
        }

        return TryGet(key, out int value) ? value : default;
    }
}
