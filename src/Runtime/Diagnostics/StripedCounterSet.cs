using System;
using System.Diagnostics;
using System.Threading;

namespace Guarded.Diagnostics;

/// <summary>
/// A fixed set of exact 64-bit counters that many threads can increment cheaply.
/// </summary>
/// <remarks>
/// Each counter is split over several stripes; a thread picks its stripe from its managed thread id and
/// increments it with <see cref="Interlocked"/>, so counts are exact while threads on different stripes never
/// contend on one cache line. Each stripe holds all counters of the set in its own 128-byte block (one cache
/// line pair, so adjacent-line prefetching does not couple stripes either). <see cref="Read"/> sums the
/// stripes: it is exact once the incrementing threads have finished, and a consistent lower bound of the
/// true count while they run (each stripe is read atomically but the stripes are not read at one instant).
/// </remarks>
[DebuggerDisplay("{Count} counters, {_stripeMask + 1} stripes")]
internal sealed class StripedCounterSet
{
    private const int StrideLongs = 16; // 128 bytes

    private readonly long[] _cells;
    private readonly int _stripeMask;

    internal StripedCounterSet(int count, int threadLocalCounter = -1)
    {
        ThreadLocalIndex = threadLocalCounter;
        if (threadLocalCounter >= 0)
        {
            ThreadLocal = new ThreadCounter();
        }

        if (count is <= 0 or > StrideLongs)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        Count = count;
        int stripes = 4;
        int wanted = Math.Min(64, Environment.ProcessorCount * 2);
        while (stripes < wanted)
        {
            stripes <<= 1;
        }

        _stripeMask = stripes - 1;

        // One extra block in front keeps stripe 0 off the cache line holding the array header.
        _cells = new long[(stripes + 1) * StrideLongs];
    }

    internal int Count { get; }

    /// <summary>The index of the one counter kept in <see cref="ThreadLocal"/> instead of the stripes (hot path), or -1.</summary>
    internal int ThreadLocalIndex { get; }

    /// <summary>The hot-path counter (cheaper than a striped interlocked increment); see <see cref="ThreadCounters"/>.</summary>
    internal ThreadCounter? ThreadLocal { get; }

    internal void Increment(int counter)
    {
        int stripe = (Environment.CurrentManagedThreadId & _stripeMask) + 1;
        Interlocked.Increment(ref _cells[(stripe * StrideLongs) + counter]);
    }

    internal void Add(int counter, long delta)
    {
        int stripe = (Environment.CurrentManagedThreadId & _stripeMask) + 1;
        Interlocked.Add(ref _cells[(stripe * StrideLongs) + counter], delta);
    }

    internal long Read(int counter)
    {
        if ((uint)counter >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(counter));
        }

        if (counter == ThreadLocalIndex)
        {
            return ThreadLocal!.Read();
        }

        long sum = 0;
        for (int index = StrideLongs + counter; index < _cells.Length; index += StrideLongs)
        {
            sum += Interlocked.Read(ref _cells[index]);
        }

        return sum;
    }
}
