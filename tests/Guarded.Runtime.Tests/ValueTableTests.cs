using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Guarded.Caching;

namespace Guarded.Runtime.Tests;

public class ValueTableTests
{
    [Fact]
    public void Int_keys_add_replace_remove_and_count()
    {
        var table = new ValueTable<int, string>(null);
        Assert.Equal(0, table.Count);
        Assert.False(table.TryGetValue(1, out _));

        table.Set(1, "one");
        table.Set(2, "two");
        Assert.Equal(2, table.Count);
        Assert.True(table.TryGetValue(1, out string? one));
        Assert.Equal("one", one);

        table.Set(1, "uno");
        Assert.Equal(2, table.Count);
        Assert.True(table.TryGetValue(1, out one));
        Assert.Equal("uno", one);

        Assert.True(table.TryRemove(1, out string? removed));
        Assert.Equal("uno", removed);
        Assert.Equal(1, table.Count);
        Assert.False(table.TryGetValue(1, out _));
        Assert.False(table.TryRemove(1, out _));
        Assert.True(table.TryGetValue(2, out string? two));
        Assert.Equal("two", two);
    }

    [Fact]
    public void String_keys_add_replace_remove_and_count()
    {
        var table = new ValueTable<string, int>(null);
        table.Set("a", 1);
        table.Set("b", 2);
        table.Set("a", 3);
        Assert.Equal(2, table.Count);
        Assert.True(table.TryGetValue("a", out int a));
        Assert.Equal(3, a);

        Assert.True(table.TryRemove("a", out int removed));
        Assert.Equal(3, removed);
        Assert.False(table.TryGetValue("a", out _));
        Assert.Equal(1, table.Count);
        Assert.Equal(new[] { "b" }, table.SnapshotKeys());
    }

    [Fact]
    public void String_keys_use_the_comparer()
    {
        var table = new ValueTable<string, int>(StringComparer.OrdinalIgnoreCase);
        table.Set("Key", 1);
        table.Set("KEY", 2);
        Assert.Equal(1, table.Count);
        Assert.True(table.TryGetValue("key", out int value));
        Assert.Equal(2, value);
    }

    [Fact]
    public void Null_keys_are_rejected()
    {
        var strings = new ValueTable<string, int>(null);
        Assert.Throws<ArgumentNullException>(() => strings.TryGetValue(null!, out _));
        Assert.Throws<ArgumentNullException>(() => strings.Set(null!, 1));

        // Nullable<T> is a value type, so it takes the table's own path; a null key must fail as in ConcurrentDictionary.
#pragma warning disable CS8714 // int? against the notnull constraint: exactly the case under test
        var nullables = new ValueTable<int?, int>(null);
#pragma warning restore CS8714
        Assert.Throws<ArgumentNullException>(() => nullables.TryGetValue(null, out _));
        Assert.Throws<ArgumentNullException>(() => nullables.Set(null, 1));
        Assert.Throws<ArgumentNullException>(() => nullables.TryRemove(null, out _));
        nullables.Set(5, 50);
        Assert.True(nullables.TryGetValue(5, out int fifty));
        Assert.Equal(50, fifty);
    }

    [Fact]
    public void Growth_across_several_resizes_keeps_every_key()
    {
        // 16 buckets initially: 5000 keys take nine doublings. Multiples of 4096 differ only above bit 11, so they test
        // that the high bits reach the bucket index.
        var table = new ValueTable<int, int>(null);
        var keys = Enumerable.Range(0, 2500).Concat(Enumerable.Range(1, 2500).Select(i => i * 4096)).ToArray();
        foreach (int key in keys)
        {
            table.Set(key, -key);
        }

        Assert.Equal(keys.Length, table.Count);
        foreach (int key in keys)
        {
            Assert.True(table.TryGetValue(key, out int value), $"key {key} lost");
            Assert.Equal(-key, value);
        }

        Assert.Equal(keys.OrderBy(k => k), table.SnapshotKeys().OrderBy(k => k));
        Assert.Equal(keys.Select(k => -k).OrderBy(v => v), table.Entries().Select(pair => pair.Value).OrderBy(v => v));

        foreach (int key in keys.Where(k => k % 2 == 0))
        {
            Assert.True(table.TryRemove(key, out _));
        }

        foreach (int key in keys)
        {
            Assert.Equal(key % 2 != 0, table.TryGetValue(key, out _));
        }

        Assert.Equal(keys.Count(k => k % 2 != 0), table.Count);
    }

    [Fact]
    public void Colliding_keys_form_long_chains_that_stay_correct()
    {
        var table = new ValueTable<int, string>(new ConstantHashComparer());
        const int N = 300;
        for (int i = 0; i < N; i++)
        {
            table.Set(i, "v" + i);
        }

        Assert.Equal(N, table.Count);
        for (int i = 0; i < N; i++)
        {
            Assert.True(table.TryGetValue(i, out string? value));
            Assert.Equal("v" + i, value);
        }

        // Replace and remove at the head, in the middle and at the tail of the chain.
        foreach (int i in new[] { 0, 150, N - 1 })
        {
            table.Set(i, "w" + i);
        }

        foreach (int i in new[] { 1, 151, N - 2 })
        {
            Assert.True(table.TryRemove(i, out string? removed));
            Assert.Equal("v" + i, removed);
        }

        Assert.Equal(N - 3, table.Count);
        for (int i = 0; i < N; i++)
        {
            bool removed = i is 1 or 151 or N - 2;
            string expected = i is 0 or 150 or N - 1 ? "w" + i : "v" + i;
            Assert.Equal(!removed, table.TryGetValue(i, out string? value));
            if (!removed)
            {
                Assert.Equal(expected, value);
            }
        }

        Assert.False(table.TryGetValue(N, out _));
    }

    [Fact]
    public void Custom_comparer_decides_equality()
    {
        // Keys equal modulo 10: the first stored key stays, like ConcurrentDictionary.
        var table = new ValueTable<int, string>(new ModuloComparer(10));
        table.Set(3, "a");
        table.Set(13, "b");
        Assert.Equal(1, table.Count);
        Assert.True(table.TryGetValue(23, out string? value));
        Assert.Equal("b", value);
        Assert.Equal(new[] { 3 }, table.SnapshotKeys());
    }

    [Fact]
    public void TryRemoveExact_removes_only_the_same_reference_int_keys() =>
        AssertRemoveExact(new ValueTable<int, TimedValue<string>>(null), 1);

    [Fact]
    public void TryRemoveExact_removes_only_the_same_reference_string_keys() =>
        AssertRemoveExact(new ValueTable<string, TimedValue<string>>(null), "k");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Concurrent_writers_never_hide_keys_that_stay_present(bool eightBuckets)
    {
        // Stable keys are in every table the readers can see, for as long as they can see it. Writers add, replace
        // and remove their own keys, which share buckets with the stable keys, so chains holding stable keys are
        // rewritten constantly. The first writer also starts a fresh table (stable keys only, 16 buckets) every round
        // and fills it, so it grows through nine doublings per round while the readers look keys up. With eightBuckets
        // every key hashes to one of 8 values: every write rewrites a long chain that holds a stable key.
        IEqualityComparer<int>? comparer = eightBuckets ? new EightHashesComparer() : null;
        const int StableCount = 8;
        const int Readers = 2;
        ValueTable<int, int> NewTable()
        {
            var table = new ValueTable<int, int>(comparer);
            for (int i = 0; i < StableCount; i++)
            {
                table.Set(i, i * 10);
            }

            return table;
        }

        var current = NewTable();
        using var stop = new CancellationTokenSource();
        long misses = 0;
        long wrongValues = 0;
        long lookups = 0;
        long rounds = 0;
        long churns = 0;
        void Churn(ValueTable<int, int> table, int baseKey, int batch)
        {
            for (int i = 0; i < batch; i++)
            {
                table.Set(baseKey + i, i);
            }

            for (int i = 0; i < batch; i++)
            {
                table.Set(baseKey + i, -i);
            }

            for (int i = 0; i < batch; i++)
            {
                table.TryRemove(baseKey + i, out _);
            }
        }

        var threads = new List<Thread>
        {
            new(() =>
            {
                long count = 0;
                while (!stop.IsCancellationRequested)
                {
                    var table = NewTable();
                    Volatile.Write(ref current, table);
                    Churn(table, 1_000_000, 4096);
                    count++;
                }

                Interlocked.Add(ref rounds, count);
            }),
            new(() =>
            {
                long count = 0;
                while (!stop.IsCancellationRequested)
                {
                    Churn(Volatile.Read(ref current), 2_000_000, 256);
                    count++;
                }

                Interlocked.Add(ref churns, count);
            }),
        };

        for (int r = 0; r < Readers; r++)
        {
            threads.Add(new Thread(() =>
            {
                long count = 0;
                while (!stop.IsCancellationRequested)
                {
                    var table = Volatile.Read(ref current);
                    for (int i = 0; i < StableCount; i++)
                    {
                        if (!table.TryGetValue(i, out int value))
                        {
                            Interlocked.Increment(ref misses);
                        }
                        else if (value != i * 10)
                        {
                            Interlocked.Increment(ref wrongValues);
                        }
                    }

                    count += StableCount;
                }

                Interlocked.Add(ref lookups, count);
            }));
        }

        foreach (var thread in threads)
        {
            thread.IsBackground = true;
            thread.Start();
        }

        stop.CancelAfter(TimeSpan.FromSeconds(1.5));
        foreach (var thread in threads)
        {
            Assert.True(thread.Join(TestUtil.Patience), "a test thread did not stop");
        }

        Assert.True(Interlocked.Read(ref lookups) > 0 && Interlocked.Read(ref rounds) > 0 && Interlocked.Read(ref churns) > 0,
            "the threads did not run");
        Assert.Equal(0, Interlocked.Read(ref misses));
        Assert.Equal(0, Interlocked.Read(ref wrongValues));
        Assert.Equal(StableCount, current.Count);
    }

    private static void AssertRemoveExact<TKey>(ValueTable<TKey, TimedValue<string>> table, TKey key)
        where TKey : notnull
    {
        var first = new TimedValue<string>("v", 1);
        var equalButOther = new TimedValue<string>("v", 1);
        table.Set(key, first);

        Assert.False(table.TryRemoveExact(key, equalButOther));
        Assert.True(table.TryGetValue(key, out var stored));
        Assert.Same(first, stored);

        var second = new TimedValue<string>("w", 2);
        table.Set(key, second);
        Assert.False(table.TryRemoveExact(key, first));
        Assert.True(table.TryGetValue(key, out stored));
        Assert.Same(second, stored);

        Assert.True(table.TryRemoveExact(key, second));
        Assert.False(table.TryGetValue(key, out _));
        Assert.Equal(0, table.Count);
        Assert.False(table.TryRemoveExact(key, second));
    }

    private sealed class ConstantHashComparer : IEqualityComparer<int>
    {
        public bool Equals(int x, int y) => x == y;

        public int GetHashCode(int obj) => 42;
    }

    private sealed class EightHashesComparer : IEqualityComparer<int>
    {
        public bool Equals(int x, int y) => x == y;

        public int GetHashCode(int obj) => obj & 7;
    }

    private sealed class ModuloComparer : IEqualityComparer<int>
    {
        private readonly int _modulus;

        public ModuloComparer(int modulus) => _modulus = modulus;

        public bool Equals(int x, int y) => x % _modulus == y % _modulus;

        public int GetHashCode(int obj) => obj % _modulus;
    }
}
