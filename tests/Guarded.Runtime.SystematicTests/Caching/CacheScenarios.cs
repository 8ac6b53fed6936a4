using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;
using Microsoft.Coyote.Specifications;

namespace Guarded.Runtime.SystematicTests.Caching;

/// <summary>
/// Test bodies for a double-checked cache, shared by the real cache and its broken twins. Each runs once per
/// Coyote iteration on a fresh instance; the factories yield so that callers can interleave inside a load.
/// </summary>
internal static class CacheScenarios
{
    private const string Key = "session-1";
    private const int Callers = 3;

    /// <summary>N callers miss together (synchronous API): one factory run, one value.</summary>
    public static async Task OneFactoryRunPerKeySync(ICacheUnderTest cache)
    {
        int runs = 0;
        int Factory(string key)
        {
            int run = Interlocked.Increment(ref runs);
            return 100 + run;
        }

        var callers = new Task<int>[Callers];
        for (int i = 0; i < Callers; i++)
        {
            callers[i] = Task.Run(() => cache.GetOrAdd(Key, Factory));
        }

        int[] values = await Task.WhenAll(callers);
        AssertOneRun(runs, values);
    }

    /// <summary>N callers miss together (asynchronous API): one factory run, one value.</summary>
    public static async Task OneFactoryRunPerKeyAsync(ICacheUnderTest cache)
    {
        int runs = 0;
        async Task<int> Factory(string key, CancellationToken cancellationToken)
        {
            int run = Interlocked.Increment(ref runs);
            await Task.Yield();
            return 100 + run;
        }

        var callers = new Task<int>[Callers];
        for (int i = 0; i < Callers; i++)
        {
            callers[i] = Task.Run(() => cache.GetOrAddAsync(Key, Factory, CancellationToken.None));
        }

        int[] values = await Task.WhenAll(callers);
        AssertOneRun(runs, values);
    }

    /// <summary>
    /// The first factory run fails, later ones succeed. Every caller gets either the failure or a value some
    /// successful run produced; a value handed out stays cached; after the callers, the key loads again.
    /// </summary>
    public static async Task FailedLoad(ICacheUnderTest cache)
    {
        int runs = 0;
        var produced = new List<int>();
        async Task<int> Factory(string key, CancellationToken cancellationToken)
        {
            int run = Interlocked.Increment(ref runs);
            await Task.Yield();
            if (run == 1)
            {
                throw new LoadFailedException(run);
            }

            lock (produced)
            {
                produced.Add(100 + run);
            }

            return 100 + run;
        }

        var callers = new Task<int?>[Callers];
        for (int i = 0; i < Callers; i++)
        {
            callers[i] = Task.Run(async () =>
            {
                try
                {
                    return (int?)await cache.GetOrAddAsync(Key, Factory, CancellationToken.None);
                }
                catch (LoadFailedException)
                {
                    return null;
                }
            });
        }

        int?[] outcomes = await Task.WhenAll(callers);
        var values = outcomes.Where(o => o.HasValue).Select(o => o!.Value).ToArray();
        foreach (int value in values)
        {
            Specification.Assert(produced.Contains(value), "{0}: got {1}, loads produced [{2}]",
                Invariants.WaiterSeesFailure, value, string.Join(", ", produced));
        }

        if (values.Length > 0)
        {
            bool cached = cache.TryGet(Key, out int current);
            Specification.Assert(cached && values.Contains(current), "{0}: callers got [{1}], cache holds {2}",
                Invariants.SuccessStaysCached, string.Join(", ", values), cached ? current : "nothing");
        }

        int after;
        try
        {
            after = await cache.GetOrAddAsync(Key, (_, _) => Task.FromResult(7), CancellationToken.None);
        }
        catch (LoadFailedException failure)
        {
            Specification.Assert(false, "{0}: a call after the failure got the exception of run {1}", Invariants.FailureNotCached, failure.Run);
            return;
        }

        Specification.Assert(after == 7 || values.Contains(after), "{0}: got {1} after the callers", Invariants.FailureNotCached, after);
    }

    /// <summary>
    /// The source changes and the key is invalidated while loads run. A call that starts after Invalidate
    /// returned never gets a value read before the change, and no such value stays cached.
    /// </summary>
    public static async Task InvalidateDuringLoad(ICacheUnderTest cache)
    {
        int source = 0;
        bool invalidated = false;
        async Task<int> Factory(string key, CancellationToken cancellationToken)
        {
            int seen = Volatile.Read(ref source);
            await Task.Yield();
            return seen;
        }

        var writer = Task.Run(() =>
        {
            Volatile.Write(ref source, 1);
            cache.Invalidate(Key);
            Volatile.Write(ref invalidated, true);
        });

        var readers = new Task[Callers - 1];
        for (int i = 0; i < readers.Length; i++)
        {
            readers[i] = Task.Run(async () =>
            {
                bool startedAfterInvalidate = Volatile.Read(ref invalidated);
                int value = await cache.GetOrAddAsync(Key, Factory, CancellationToken.None);
                Specification.Assert(!startedAfterInvalidate || value == 1, "{0}: a call started after Invalidate got {1}",
                    Invariants.NoStaleResurrection, value);
            });
        }

        await Task.WhenAll(readers.Append(writer).ToArray());
        int final = await cache.GetOrAddAsync(Key, Factory, CancellationToken.None);
        Specification.Assert(final == 1, "{0}: the cache serves {1} after every call returned", Invariants.NoStaleResurrection, final);
    }

    private static void AssertOneRun(int runs, int[] values)
    {
        Specification.Assert(runs == 1, "{0}: {1} runs for {2} callers", Invariants.OneFactoryRunPerKey, runs, Callers);
        Specification.Assert(values.All(v => v == values[0]), "{0}: callers got [{1}]",
            Invariants.OneFactoryRunPerKey, string.Join(", ", values));
    }

    private sealed class LoadFailedException : Exception
    {
        public LoadFailedException(int run)
            : base($"load {run} failed") => Run = run;

        public int Run { get; }
    }
}
