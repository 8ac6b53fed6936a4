using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BitFaster.Caching.Lru;
using Guarded;
using Microsoft.Extensions.Caching.Memory;
using ZiggyCreatures.Caching.Fusion;

namespace Guarded.Benchmarks;

/// <summary>
/// Miss storm: 64 callers released together ask a fresh cache for the same key; the factory takes 10 ms (a remote
/// call). Counts how many times the factory ran per storm. Target: DoubleCheckedCache runs it exactly once.
/// BenchmarkDotNet measures single operations, so this is a separate harness (<c>dotnet run -c Release -- storm</c>);
/// it writes <c>BenchmarkDotNet.Artifacts/results/MissStorm-report.md</c>.
/// </summary>
public static class MissStormHarness
{
    private const int Callers = 64;
    private const int Storms = 30;
    private static readonly TimeSpan FactoryTime = TimeSpan.FromMilliseconds(10);

    public static void Run()
    {
        var rows = new List<string>
        {
            "| Cache | Storms | Callers per storm | Factory runs per storm (min) | (mean) | (max) | Mean storm time (ms) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        };

        rows.Add(Measure("DoubleCheckedCache.GetOrAdd", () =>
        {
            var cache = new DoubleCheckedCache<int, string>();
            return runs => cache.GetOrAdd(1, _ => Load(runs));
        }));
        rows.Add(MeasureAsync("DoubleCheckedCache.GetOrAddAsync", () =>
        {
            var cache = new DoubleCheckedCache<int, string>();
            return runs => cache.GetOrAddAsync(1, async (_, _) => await LoadAsync(runs)).AsTask();
        }));
        rows.Add(Measure("ConcurrentDictionary.GetOrAdd", () =>
        {
            var dictionary = new ConcurrentDictionary<int, string>();
            return runs => dictionary.GetOrAdd(1, _ => Load(runs));
        }));
        rows.Add(Measure("ConcurrentDictionary<K, Lazy<V>>.GetOrAdd", () =>
        {
            var dictionary = new ConcurrentDictionary<int, Lazy<string>>();
            return runs => dictionary.GetOrAdd(1, _ => new Lazy<string>(() => Load(runs))).Value;
        }));
        rows.Add(Measure("MemoryCache.GetOrCreate", () =>
        {
            var cache = new MemoryCache(new MemoryCacheOptions());
            return runs => cache.GetOrCreate(1, _ => Load(runs))!;
        }));
        rows.Add(Measure("FusionCache.GetOrSet", () =>
        {
            var cache = new FusionCache(new FusionCacheOptions());
            return runs => cache.GetOrSet<string>("k", _ => Load(runs))!;
        }));
        rows.Add(Measure("BitFaster ConcurrentLru.GetOrAdd", () =>
        {
            var cache = new ConcurrentLru<int, string>(16);
            return runs => cache.GetOrAdd(1, _ => Load(runs));
        }));

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Miss storm: {Callers} callers released together on one key of a fresh cache, factory takes {FactoryTime.TotalMilliseconds} ms, {Storms} storms per cache.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Environment: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
        report.AppendLine();
        foreach (var row in rows)
        {
            report.AppendLine(row);
        }

        string directory = Path.Combine("BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "MissStorm-report.md");
        File.WriteAllText(path, report.ToString());
        Console.WriteLine(report);
        Console.WriteLine("Written to " + Path.GetFullPath(path));
    }

    internal static string Load(StrongBox runs)
    {
        Interlocked.Increment(ref runs.Value);
        Thread.Sleep(FactoryTime);
        return "value";
    }

    private static async Task<string> LoadAsync(StrongBox runs)
    {
        Interlocked.Increment(ref runs.Value);
        await Task.Delay(FactoryTime);
        return "value";
    }

    private static string Measure(string name, Func<Func<StrongBox, string>> newCache)
    {
        var runsPerStorm = new List<int>();
        var elapsed = new List<double>();
        for (int storm = 0; storm < Storms; storm++)
        {
            var get = newCache();
            var runs = new StrongBox();
            using var barrier = new Barrier(Callers + 1);
            var threads = Enumerable.Range(0, Callers).Select(_ => new Thread(() =>
            {
                barrier.SignalAndWait();
                get(runs);
            })).ToList();
            threads.ForEach(t => t.Start());
            barrier.SignalAndWait();
            var watch = Stopwatch.StartNew();
            threads.ForEach(t => t.Join());
            elapsed.Add(watch.Elapsed.TotalMilliseconds);
            runsPerStorm.Add(runs.Value);
        }

        return Row(name, runsPerStorm, elapsed);
    }

    private static string MeasureAsync(string name, Func<Func<StrongBox, Task<string>>> newCache)
    {
        var runsPerStorm = new List<int>();
        var elapsed = new List<double>();
        for (int storm = 0; storm < Storms; storm++)
        {
            var get = newCache();
            var runs = new StrongBox();
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
            {
                await gate.Task;
                await get(runs);
            })).ToArray();
            var watch = Stopwatch.StartNew();
            gate.SetResult();
            Task.WaitAll(callers);
            elapsed.Add(watch.Elapsed.TotalMilliseconds);
            runsPerStorm.Add(runs.Value);
        }

        return Row(name, runsPerStorm, elapsed);
    }

    private static string Row(string name, List<int> runs, List<double> elapsed) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {Storms} | {Callers} | {runs.Min()} | {runs.Average():F1} | {runs.Max()} | {elapsed.Average():F1} |");

    internal sealed class StrongBox
    {
        public int Value;
    }
}
