using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Guarded.Diagnostics;

/// <summary>
/// Exact counters for the hottest paths (cache hits, lock acquisitions): an increment is one plain, non-atomic add to a
/// cell that only the incrementing thread ever writes, so it costs no interlocked instruction and shares no cache line
/// with another thread.
/// </summary>
/// <remarks>
/// <para>Each thread owns one <c>long[]</c> (found through a thread-static field) with one cell per counter id. A counter
/// id is allocated per primitive instance and recycled when the instance is collected (its cells are zeroed before
/// reuse). <see cref="Read"/> sums the cell over every thread, plus the totals of threads that have exited.</para>
/// <para>Exactness: every increment lands in exactly one cell and is never lost, because only the owning thread writes
/// the cell (growing the array is done by the owner itself, under the registry lock). A sum taken while threads are
/// still counting may lag behind by increments that are not yet visible; it is exact once the counting threads have
/// synchronized with the reader (joined, awaited, or released a lock the reader took). On 32-bit processes a read that
/// races an increment may see a torn value.</para>
/// </remarks>
internal static class ThreadCounters
{
    private const int Padding = 16; // 128 bytes before and after the cells: no false sharing with neighbouring objects
    private static readonly object Sync = new();
    private static readonly List<Owner> Owners = new();
    private static readonly Stack<int> FreeIds = new();
    private static long[] _retired = new long[64];
    private static int _nextId;

    // Finalizers only push here, lock-free; the registry folds the pushes in under Sync. Finalizers must not take Sync:
    // they run on the finalizer thread, which systematic-testing schedulers (Coyote) do not control, so a lock taken
    // there would not exclude the controlled threads that enumerate Owners.
    private static Pending<Owner>? _exitedOwners;
    private static Pending<int>? _releasedIds;

    [ThreadStatic]
    private static long[]? _threadCells;

    [ThreadStatic]
    private static ThreadExitSentinel? _threadSentinel;

    internal static int AllocateId()
    {
        lock (Sync)
        {
            FoldPending();
            int id = FreeIds.Count > 0 ? FreeIds.Pop() : _nextId++;
            int index = id + Padding;
            foreach (var owner in Owners)
            {
                if (index < owner.Cells.Length)
                {
                    Volatile.Write(ref owner.Cells[index], 0);
                }
            }

            if (id < _retired.Length)
            {
                _retired[id] = 0;
            }

            return id;
        }
    }

    /// <summary>Called from a finalizer: records the id for reuse without taking the registry lock.</summary>
    internal static void ReleaseId(int id) => Pending<int>.Push(ref _releasedIds, id);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Increment(int id)
    {
        var cells = _threadCells;
        int index = id + Padding;
        if (cells is not null && (uint)index < (uint)(cells.Length - Padding))
        {
            cells[index]++;
            return;
        }

        IncrementSlow(id);
    }

    internal static long Read(int id)
    {
        lock (Sync)
        {
            FoldPending();
            long sum = id < _retired.Length ? _retired[id] : 0;
            int index = id + Padding;
            foreach (var owner in Owners)
            {
                var cells = Volatile.Read(ref owner.Cells);
                if (index < cells.Length - Padding)
                {
                    sum += Volatile.Read(ref cells[index]);
                }
            }

            return sum;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void IncrementSlow(int id)
    {
        lock (Sync)
        {
            FoldPending();
            var sentinel = _threadSentinel;
            if (sentinel is null)
            {
                sentinel = new ThreadExitSentinel(new Owner());
                _threadSentinel = sentinel;
                Owners.Add(sentinel.Owner);
            }

            var owner = sentinel.Owner;
            int needed = id + 1 + (2 * Padding);
            if (owner.Cells.Length < needed)
            {
                int size = Math.Max(64 + (2 * Padding), owner.Cells.Length);
                while (size < needed)
                {
                    size *= 2;
                }

                var grown = new long[size];
                Array.Copy(owner.Cells, grown, owner.Cells.Length);
                Volatile.Write(ref owner.Cells, grown);
            }

            _threadCells = owner.Cells;
            owner.Cells[id + Padding]++;
        }
    }

    /// <summary>Applies what finalizers recorded since the last call: exited threads and released ids. Runs under <c>Sync</c>.</summary>
    private static void FoldPending()
    {
        for (var owner = Interlocked.Exchange(ref _exitedOwners, null); owner is not null; owner = owner.Next)
        {
            Retire(owner.Value);
        }

        for (var id = Interlocked.Exchange(ref _releasedIds, null); id is not null; id = id.Next)
        {
            FreeIds.Push(id.Value);
        }
    }

    /// <summary>Folds an exited thread's cells into the retired totals, so its counts survive and its array is freed. Runs under <c>Sync</c>.</summary>
    private static void Retire(Owner owner)
    {
        {
            var cells = owner.Cells;
            int ids = cells.Length - (2 * Padding);
            if (ids > _retired.Length)
            {
                Array.Resize(ref _retired, ids);
            }

            for (int id = 0; id < ids; id++)
            {
                _retired[id] += cells[id + Padding];
            }

            Owners.Remove(owner);
        }
    }

    /// <summary>A node of a lock-free push-only list that the registry drains under its lock.</summary>
    private sealed class Pending<T>
    {
        private Pending(T value, Pending<T>? next)
        {
            Value = value;
            Next = next;
        }

        public T Value { get; }

        public Pending<T>? Next { get; }

        public static void Push(ref Pending<T>? head, T value)
        {
            Pending<T>? current;
            do
            {
                current = Volatile.Read(ref head);
            }
            while (Interlocked.CompareExchange(ref head, new Pending<T>(value, current), current) != current);
        }
    }

    private sealed class Owner
    {
        public long[] Cells = Array.Empty<long>();
    }

    /// <summary>Reachable only from its thread's thread-static field: finalized after the thread exits.</summary>
    private sealed class ThreadExitSentinel
    {
        public ThreadExitSentinel(Owner owner) => Owner = owner;

        ~ThreadExitSentinel()
        {
            Pending<Owner>.Push(ref _exitedOwners, Owner);
        }

        public Owner Owner { get; }
    }
}

/// <summary>One <see cref="ThreadCounters"/> counter id, released for reuse when the owning primitive is collected.</summary>
internal sealed class ThreadCounter
{
    private readonly int _id = ThreadCounters.AllocateId();

    ~ThreadCounter()
    {
        ThreadCounters.ReleaseId(_id);
    }

    /// <summary>Gets the id; valid while this object is reachable (hold it in a field next to a cached copy of the id).</summary>
    internal int Id => _id;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Increment() => ThreadCounters.Increment(_id);

    internal long Read() => ThreadCounters.Read(_id);
}
