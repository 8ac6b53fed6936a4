using System.Threading.Tasks;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.FailureNotCached"/>: like a <c>Lazy&lt;Task&lt;T&gt;&gt;</c> per key, it keeps a
/// failed load, so every later caller gets the old exception instead of a new load.
/// </summary>
internal sealed class FaultCachingCache : InFlightCacheBase
{
    protected override void OnLoadFailed(string key, Task<int> load)
    {
        // BUG: the faulted entry stays.
    }
}
