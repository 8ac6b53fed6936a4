using Guarded.Runtime.SystematicTests.Adapters;
using Guarded.Runtime.SystematicTests.Broken;
using Guarded.Coyote;

namespace Guarded.Runtime.SystematicTests.Caching;

/// <summary>
/// <see cref="DoubleCheckedCache{TKey, TValue}"/> against the SPEC's cache invariants; every invariant is also run
/// against a broken twin, which Coyote must catch with that invariant's message.
/// </summary>
public sealed class DoubleCheckedCacheSystematicTests
{
    [Fact]
    public void ConcurrentMisses_Sync_RunTheFactoryOnce() =>
        SystematicTest.Run(() => CacheScenarios.OneFactoryRunPerKeySync(new RuntimeCache()));

    [Fact]
    public void ConcurrentMisses_Sync_NoRecheckTwin_IsCaught() =>
        SystematicTest.FindsBug(() => CacheScenarios.OneFactoryRunPerKeySync(new NoRecheckCache()), Invariants.OneFactoryRunPerKey);

    [Fact]
    public void ConcurrentMisses_Async_RunTheFactoryOnce() =>
        SystematicTest.Run(() => CacheScenarios.OneFactoryRunPerKeyAsync(new RuntimeCache()));

    [Fact]
    public void ConcurrentMisses_Async_NoRecheckTwin_IsCaught() =>
        SystematicTest.FindsBug(() => CacheScenarios.OneFactoryRunPerKeyAsync(new NoRecheckCache()), Invariants.OneFactoryRunPerKey);

    [Fact]
    public void FailedLoad_ReachesEveryWaiter_AndCachesNothing() =>
        SystematicTest.Run(() => CacheScenarios.FailedLoad(new RuntimeCache()));

    [Fact]
    public void FailedLoad_WaiterRereadsTwin_IsCaught() =>
        SystematicTest.FindsBug(() => CacheScenarios.FailedLoad(new WaiterRereadsCache()), Invariants.WaiterSeesFailure);

    [Fact]
    public void FailedLoad_RemoveByKeyTwin_IsCaught() =>
        SystematicTest.FindsBug(() => CacheScenarios.FailedLoad(new RemoveFailedByKeyCache()), Invariants.SuccessStaysCached);

    [Fact]
    public void FailedLoad_FaultCachingTwin_IsCaught() =>
        SystematicTest.FindsBug(() => CacheScenarios.FailedLoad(new FaultCachingCache()), Invariants.FailureNotCached);

    [Fact]
    public void InvalidateDuringLoad_NeverResurrectsStaleValue() =>
        SystematicTest.Run(() => CacheScenarios.InvalidateDuringLoad(new RuntimeCache()));

    [Fact]
    public void InvalidateDuringLoad_StoreAfterInvalidateTwin_IsCaught() =>
        SystematicTest.FindsBug(() => CacheScenarios.InvalidateDuringLoad(new StoreAfterInvalidateCache()), Invariants.NoStaleResurrection);

    // Int keys: the same scenarios through the cache's own value table (value-type keys), not a ConcurrentDictionary.
    [Fact]
    public void ConcurrentMisses_Sync_IntKeys_RunTheFactoryOnce() =>
        SystematicTest.Run(() => CacheScenarios.OneFactoryRunPerKeySync(new RuntimeIntKeyCache()));

    [Fact]
    public void ConcurrentMisses_Async_IntKeys_RunTheFactoryOnce() =>
        SystematicTest.Run(() => CacheScenarios.OneFactoryRunPerKeyAsync(new RuntimeIntKeyCache()));

    [Fact]
    public void FailedLoad_IntKeys_ReachesEveryWaiter_AndCachesNothing() =>
        SystematicTest.Run(() => CacheScenarios.FailedLoad(new RuntimeIntKeyCache()));

    [Fact]
    public void InvalidateDuringLoad_IntKeys_NeverResurrectsStaleValue() =>
        SystematicTest.Run(() => CacheScenarios.InvalidateDuringLoad(new RuntimeIntKeyCache()));
}
