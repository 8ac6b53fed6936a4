using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// The textbook per-key lock registry the session-lock twins share: a table (under one lock) from key to a
/// <see cref="SemaphoreSlim"/>(1, 1). It never removes an entry, which is safe; each twin adds the removal or
/// cancellation step that real registries add, wrongly.
/// </summary>
internal abstract class SemaphoreTableLocks : ISessionLocksUnderTest
{
    protected readonly object Table = new();
    protected readonly Dictionary<string, Entry> Entries = new();

    public IDisposable Acquire(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entry = Lookup(key);
        if (!entry.Gate.Wait(timeout))
        {
            throw new TimeoutException($"Timed out waiting for '{key}'.");
        }

        return Granted(key, entry, cancellationToken);
    }

    public async Task<IDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entry = Lookup(key);
        if (!await entry.Gate.WaitAsync(timeout))
        {
            throw new TimeoutException($"Timed out waiting for '{key}'.");
        }

        return Granted(key, entry, cancellationToken);
    }

    public IDisposable? TryAcquireNow(string key)
    {
        var entry = Lookup(key);
        return entry.Gate.Wait(TimeSpan.Zero) ? new Releaser(this, key, entry) : null;
    }

    public virtual int Sweep(TimeSpan maxIdle) => 0;

    /// <summary>Runs once the semaphore was taken. Correct: hand out the handle (cancellation no longer applies).</summary>
    protected virtual IDisposable Granted(string key, Entry entry, CancellationToken cancellationToken) => new Releaser(this, key, entry);

    /// <summary>Runs after a holder released the semaphore.</summary>
    protected virtual void Released(string key, Entry entry)
    {
    }

    private Entry Lookup(string key)
    {
        lock (Table)
        {
            if (!Entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                Entries[key] = entry;
            }

            entry.LastAccess = Environment.TickCount64;
            return entry;
        }
    }

    protected sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long LastAccess { get; set; }
    }

    private sealed class Releaser : IDisposable
    {
        private readonly SemaphoreTableLocks _owner;
        private readonly string _key;
        private readonly Entry _entry;
        private int _released;

        public Releaser(SemaphoreTableLocks owner, string key, Entry entry)
        {
            _owner = owner;
            _key = key;
            _entry = entry;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _entry.Gate.Release();
                _owner.Released(_key, _entry);
            }
        }
    }
}
