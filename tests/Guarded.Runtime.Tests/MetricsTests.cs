using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;

namespace Guarded.Runtime.Tests;

public class MetricsTests
{
    [Fact]
    public void Primitives_publish_their_counters_tagged_with_their_name()
    {
        string name = "metrics-" + Guid.NewGuid().ToString("N");
        var cache = new DoubleCheckedCache<int, int>(new DoubleCheckedCacheOptions<int> { Name = name, TrackHits = true });
        cache.GetOrAdd(1, k => k);
        cache.GetOrAdd(1, k => k);
        cache.GetOrAdd(1, k => k);

        using var locks = new SessionLocks<int>(new SessionLocksOptions<int> { Name = name });
        locks.Acquire(1).Dispose();
        locks.Acquire(2).Dispose();
        locks.Sweep(TimeSpan.Zero);

        using var ledger = new VersionedLedger<int, int>(new VersionedLedgerOptions<int, int> { Name = name });
        ledger.Update(1, s => LedgerDecision<int>.Commit(s + 1));
        ledger.TryUpdate(1, 0, s => LedgerDecision<int>.Commit(s + 1));
        ledger.Update(1, _ => LedgerDecision<int>.Reject("no"));

        var seen = Collect(name);
        Assert.Equal(2, seen["guarded.cache.hits"]);
        Assert.Equal(1, seen["guarded.cache.misses"]);
        Assert.Equal(1, seen["guarded.cache.loads"]);
        Assert.Equal(0, seen["guarded.cache.double_loads_prevented"]);
        Assert.Equal(0, seen["guarded.cache.lock_waits"]);
        Assert.Equal(0, seen["guarded.cache.failures"]);
        Assert.Equal(2, seen["guarded.session_locks.acquisitions"]);
        Assert.Equal(0, seen["guarded.session_locks.contended"]);
        Assert.Equal(0, seen["guarded.session_locks.timeouts"]);
        Assert.Equal(2, seen["guarded.session_locks.swept"]);
        Assert.Equal(0, seen["guarded.session_locks.live_keys"]);
        Assert.Equal(1, seen["guarded.ledger.commits"]);
        Assert.Equal(1, seen["guarded.ledger.conflicts"]);
        Assert.Equal(1, seen["guarded.ledger.rejections"]);
        GC.KeepAlive(cache);
    }

    [Fact]
    public void Meter_is_named_Guarded_with_the_assembly_version()
    {
        var instruments = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == "Guarded")
                {
                    instruments.Add(instrument);
                }
            },
        };
        _ = new DoubleCheckedCache<int, int>(); // make sure the meter exists
        listener.Start();
        Assert.Equal(14, instruments.Count);
        Assert.Equal(typeof(DoubleCheckedCache<,>).Assembly.GetName().Version!.ToString(), instruments[0].Meter.Version);
    }

    private static Dictionary<string, long> Collect(string name)
    {
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Guarded")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "guarded.name" && (string?)tag.Value == name)
                {
                    seen[instrument.Name] = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
