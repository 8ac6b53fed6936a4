using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Guarded.Diagnostics;

/// <summary>The kinds of primitive that publish metrics.</summary>
internal enum MetricSourceKind
{
    Cache,
    SessionLocks,
    Ledger,
}

/// <summary>
/// The per-instance counters of one primitive, as seen by the metrics layer. The registry holds it weakly, so an
/// instance that is no longer referenced stops being reported.
/// </summary>
internal sealed class MetricSource
{
    internal MetricSource(MetricSourceKind kind, string? name, int counterCount, int threadLocalCounter, int untrackedCounter)
    {
        Kind = kind;
        Name = name;
        UntrackedCounter = untrackedCounter;
        Counters = new StripedCounterSet(counterCount, threadLocalCounter);
    }

    internal MetricSourceKind Kind { get; }

    internal string? Name { get; }

    internal StripedCounterSet Counters { get; }

    /// <summary>A counter this instance does not keep (for example cache hits without <c>TrackHits</c>), or -1: it is not reported.</summary>
    internal int UntrackedCounter { get; }
}

/// <summary>
/// Publishes the counters of every live Guarded primitive through one <see cref="Meter"/> named <c>Guarded</c>.
/// </summary>
/// <remarks>
/// Hot paths never call <c>Counter.Add</c>: primitives increment their own striped counters and the meter reads
/// them in <see cref="ObservableCounter{T}"/> callbacks when a listener collects. Instances are registered weakly.
/// Measurements are aggregated per instance name and tagged <c>guarded.name</c>; unnamed instances are summed into
/// one untagged measurement. A counter drops when an instance is collected, as its counts go with it.
/// </remarks>
internal static class GuardedMetrics
{
    /// <summary>The meter name, as seen by <c>dotnet-counters</c> and OpenTelemetry.</summary>
    internal const string MeterName = "Guarded";

    /// <summary>The tag that carries an instance's <c>Name</c> option.</summary>
    internal const string NameTag = "guarded.name";

    internal static readonly Meter Meter = new(MeterName, typeof(GuardedMetrics).Assembly.GetName().Version?.ToString());

    private static readonly object Sync = new();
    private static readonly List<WeakReference<MetricSource>> Sources = new();
    private static int _registrationsSincePrune;

    static GuardedMetrics()
    {
        Counter(MetricSourceKind.Cache, "guarded.cache.hits", CacheCounters.Hits, "Cache lookups served from a cached value.");
        Counter(MetricSourceKind.Cache, "guarded.cache.misses", CacheCounters.Misses, "Cache lookups that found no fresh value.");
        Counter(MetricSourceKind.Cache, "guarded.cache.loads", CacheCounters.Loads, "Factory runs started.");
        Counter(MetricSourceKind.Cache, "guarded.cache.double_loads_prevented", CacheCounters.DoubleLoadsPrevented, "Misses served by a load another caller ran.");
        Counter(MetricSourceKind.Cache, "guarded.cache.lock_waits", CacheCounters.LockWaits, "Callers that waited for an in-flight load.");
        Counter(MetricSourceKind.Cache, "guarded.cache.failures", CacheCounters.Failures, "Factory runs that failed.");
        Counter(MetricSourceKind.SessionLocks, "guarded.session_locks.acquisitions", SessionLockCounters.Acquisitions, "Session locks acquired.");
        Counter(MetricSourceKind.SessionLocks, "guarded.session_locks.contended", SessionLockCounters.Contended, "Session locks acquired after waiting.");
        Counter(MetricSourceKind.SessionLocks, "guarded.session_locks.timeouts", SessionLockCounters.Timeouts, "Acquisitions that timed out.");
        Counter(MetricSourceKind.SessionLocks, "guarded.session_locks.swept", SessionLockCounters.Swept, "Idle key entries removed by sweeps.");
        Meter.CreateObservableGauge(
            "guarded.session_locks.live_keys",
            () => Observe(MetricSourceKind.SessionLocks, SessionLockCounters.LiveKeys),
            unit: "{key}",
            description: "Key entries currently tracked.");
        Counter(MetricSourceKind.Ledger, "guarded.ledger.commits", LedgerCounters.Commits, "Ledger updates committed.");
        Counter(MetricSourceKind.Ledger, "guarded.ledger.conflicts", LedgerCounters.Conflicts, "Ledger updates refused for a version conflict.");
        Counter(MetricSourceKind.Ledger, "guarded.ledger.rejections", LedgerCounters.Rejections, "Ledger updates rejected by their decide callback.");
    }

    /// <summary>
    /// Creates and registers the counters of a new primitive instance; <paramref name="threadLocalCounter"/> names the
    /// hot-path counter, if any, and <paramref name="untrackedCounter"/> a counter the instance does not keep, if any.
    /// </summary>
    internal static MetricSource Register(MetricSourceKind kind, string? name, int counterCount, int threadLocalCounter = -1, int untrackedCounter = -1)
    {
        var source = new MetricSource(kind, name, counterCount, threadLocalCounter, untrackedCounter);
        lock (Sync)
        {
            if (++_registrationsSincePrune >= 64)
            {
                _registrationsSincePrune = 0;
                Sources.RemoveAll(static w => !w.TryGetTarget(out _));
            }

            Sources.Add(new WeakReference<MetricSource>(source));
        }

        return source;
    }

    private static void Counter(MetricSourceKind kind, string name, int counter, string description)
    {
        Meter.CreateObservableCounter(name, () => Observe(kind, counter), unit: null, description: description);
    }

    private static IEnumerable<Measurement<long>> Observe(MetricSourceKind kind, int counter)
    {
        long unnamed = 0;
        bool anyUnnamed = false;
        Dictionary<string, long>? named = null;
        lock (Sync)
        {
            foreach (var reference in Sources)
            {
                if (!reference.TryGetTarget(out var source) || source.Kind != kind || source.UntrackedCounter == counter)
                {
                    continue;
                }

                long value = source.Counters.Read(counter);
                if (source.Name is null)
                {
                    unnamed += value;
                    anyUnnamed = true;
                }
                else
                {
                    named ??= new Dictionary<string, long>(StringComparer.Ordinal);
                    named.TryGetValue(source.Name, out long sum);
                    named[source.Name] = sum + value;
                }
            }
        }

        var result = new List<Measurement<long>>((named?.Count ?? 0) + 1);
        if (anyUnnamed)
        {
            result.Add(new Measurement<long>(unnamed));
        }

        if (named is not null)
        {
            foreach (var pair in named)
            {
                result.Add(new Measurement<long>(pair.Value, new KeyValuePair<string, object?>(NameTag, pair.Key)));
            }
        }

        return result;
    }
}

/// <summary>Counter indexes of <see cref="DoubleCheckedCache{TKey, TValue}"/>.</summary>
internal static class CacheCounters
{
    internal const int Hits = 0;
    internal const int Misses = 1;
    internal const int Loads = 2;
    internal const int DoubleLoadsPrevented = 3;
    internal const int LockWaits = 4;
    internal const int Failures = 5;
    internal const int Count = 6;
}

/// <summary>Counter indexes of <see cref="SessionLocks{TKey}"/>.</summary>
internal static class SessionLockCounters
{
    internal const int Acquisitions = 0;
    internal const int Contended = 1;
    internal const int Timeouts = 2;
    internal const int LiveKeys = 3;
    internal const int Swept = 4;
    internal const int Count = 5;
}

/// <summary>Counter indexes of <see cref="VersionedLedger{TKey, TState}"/>.</summary>
internal static class LedgerCounters
{
    internal const int Commits = 0;
    internal const int Conflicts = 1;
    internal const int Rejections = 2;
    internal const int Count = 3;
}
