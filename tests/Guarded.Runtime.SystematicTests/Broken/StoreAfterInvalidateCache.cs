using System.Threading.Tasks;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.NoStaleResurrection"/>: a finished load stores its value unconditionally,
/// so a load that started before <c>Invalidate</c> puts its stale value back after it.
/// </summary>
internal sealed class StoreAfterInvalidateCache : InFlightCacheBase
{
    protected override void OnLoadSucceeded(string key, Task<int> load, int value)
    {
        Entries[key] = Task.FromResult(value); // BUG: no check that this load is still the key's current one.
    }
}
