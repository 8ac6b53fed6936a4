using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// Broken twin for <see cref="Invariants.DisposeFailsWaiters"/>: a FIFO lock per key whose <c>Dispose</c> sets a flag
/// and fails the waiters it finds queued, but a caller that passed the flag check just before and queues just after
/// that visit is missed: it waits on, and is handed the lock when the holder releases.
/// </summary>
internal sealed class QueueOnlyDisposeLocks : IDisposableSessionLocksUnderTest
{
    private readonly object _table = new();
    private readonly Dictionary<string, Entry> _entries = new();
    private volatile bool _disposed;

    public IDisposable Acquire(string key, TimeSpan timeout, CancellationToken cancellationToken) =>
        AcquireAsync(key, timeout, cancellationToken).GetAwaiter().GetResult();

    public async Task<IDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(QueueOnlyDisposeLocks));
        }

        var entry = Lookup(key);
        TaskCompletionSource<bool> waiter;
        lock (entry)
        {
            if (!entry.Held)
            {
                entry.Held = true;
                return new Releaser(entry);
            }

            waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            entry.Waiters.Enqueue(waiter);
        }

        // BUG: no second look at the flag after queuing; Dispose may already have visited this queue.
        await waiter.Task;
        return new Releaser(entry);
    }

    public IDisposable? TryAcquireNow(string key)
    {
        var entry = Lookup(key);
        lock (entry)
        {
            if (entry.Held)
            {
                return null;
            }

            entry.Held = true;
            return new Releaser(entry);
        }
    }

    public int Sweep(TimeSpan maxIdle) => 0;

    public void Dispose()
    {
        _disposed = true;
        Entry[] entries;
        lock (_table)
        {
            entries = new Entry[_entries.Count];
            _entries.Values.CopyTo(entries, 0);
        }

        foreach (var entry in entries)
        {
            lock (entry)
            {
                while (entry.Waiters.Count > 0)
                {
                    entry.Waiters.Dequeue().TrySetException(new ObjectDisposedException(nameof(QueueOnlyDisposeLocks)));
                }
            }
        }
    }

    private Entry Lookup(string key)
    {
        lock (_table)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                _entries[key] = entry;
            }

            return entry;
        }
    }

    private sealed class Entry
    {
        public bool Held { get; set; }

        public Queue<TaskCompletionSource<bool>> Waiters { get; } = new();
    }

    private sealed class Releaser : IDisposable
    {
        private Entry? _entry;

        public Releaser(Entry entry) => _entry = entry;

        public void Dispose()
        {
            var entry = Interlocked.Exchange(ref _entry, null);
            if (entry is null)
            {
                return;
            }

            lock (entry)
            {
                if (entry.Waiters.Count > 0)
                {
                    entry.Waiters.Dequeue().SetResult(true); // hand over: Held stays set
                }
                else
                {
                    entry.Held = false;
                }
            }
        }
    }
}
