using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Diagnostics;
using Guarded.Internal;
using Guarded.Ledger;
using Guarded.Ledger.Journal;

namespace Guarded;

/// <summary>Opens durable (journaled) <see cref="VersionedLedger{TKey, TState}"/> instances.</summary>
public static class VersionedLedger
{
    /// <summary>
    /// Opens (or creates) the journal at <paramref name="path"/>, replays it, and returns a ledger whose every commit is
    /// flushed to that file before it is acknowledged.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="path">
    /// The journal file, created when missing (its folder must exist). It is opened with <see cref="FileShare.None"/>:
    /// another ledger, in this process or another, cannot open it while this one is open (on Unix an advisory lock, which
    /// only programs that take it, such as other ledgers, respect).
    /// </param>
    /// <param name="codec">Writes and reads keys and states; see <see cref="LedgerCodec"/>.</param>
    /// <param name="options">The options, or null for defaults.</param>
    /// <returns>The ledger; see <see cref="VersionedLedger{TKey, TState}.Recovery"/> for what replay found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="codec"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, white space, or not a valid path (for example it contains a null character).</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist (or part of the path is a file).</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder may not be read or written, or <paramref name="path"/> names a folder.</exception>
    /// <exception cref="InvalidDataException">The file exists but is not a Guarded ledger journal (it is left untouched).</exception>
    /// <exception cref="LedgerJournalCorruptException">
    /// A record before the end of the journal is damaged and valid records follow it (the file is left untouched); open
    /// it with <see cref="VersionedLedgerOptions{TKey, TState}.JournalRecovery"/> set to
    /// <see cref="JournalRecovery.TruncateAtCorruption"/> to accept the loss.
    /// </exception>
    /// <exception cref="IOException">
    /// The file is open elsewhere (another ledger has it), cannot be read or repaired (a disk error), or, with
    /// <see cref="JournalRecovery.TruncateAtCorruption"/>, the copy of a damaged journal cannot be written (the journal
    /// is then left untouched); <see cref="PathTooLongException"/> when the path is too long.
    /// </exception>
    /// <exception cref="NotSupportedException">The journal is larger than 2 GB.</exception>
    /// <remarks>
    /// Replay stops at the first torn, corrupt or out-of-sequence record. When it is the last record (a torn tail: a
    /// write cut off by a crash, never acknowledged), it is cut off before new commits are appended and reported in
    /// <see cref="VersionedLedger{TKey, TState}.Recovery"/>. When valid records follow it, the journal is corrupt and the
    /// ledger does not open, unless <see cref="JournalRecovery.TruncateAtCorruption"/> accepts the loss (see
    /// <see cref="LedgerRecoveryReport"/>).
    /// </remarks>
    public static VersionedLedger<TKey, TState> Open<TKey, TState>(string path, ILedgerCodec<TKey, TState> codec, VersionedLedgerOptions<TKey, TState>? options = null)
        where TKey : notnull
    {
        Guard.NotNullOrWhiteSpace(path, nameof(path));
        Guard.NotNull(codec, nameof(codec));
        bool creating = !File.Exists(path);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
        if (creating)
        {
            try
            {
                FolderFlush.ContainingFolderOf(path);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        return Open(stream, codec, options);
    }

    /// <summary>Opens a ledger over an already open journal stream (tests inject failing streams here). Takes ownership of the stream.</summary>
    internal static VersionedLedger<TKey, TState> Open<TKey, TState>(Stream stream, ILedgerCodec<TKey, TState> codec, VersionedLedgerOptions<TKey, TState>? options)
        where TKey : notnull
    {
        try
        {
            return new VersionedLedger<TKey, TState>(options, codec, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}

/// <summary>
/// Per-key state with optimistic concurrency: every commit creates the next version of its key, and an update names the
/// version it expects, so concurrent writers can never overwrite each other's commits unseen.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TState">The state type; treat it as immutable (states are shared with readers and kept in the history).</typeparam>
/// <remarks>
/// <para><b>Guarantees.</b> Versions of a key start at 0 (the initial state, never committed) and increase by exactly 1
/// per commit. No update is lost: each commit is decided against the state it replaces. Reads never block and see a
/// committed version. The history of a key is append-only.</para>
/// <para><b>An update, step by step</b> (<see cref="TryUpdate"/>): (1) enter the key's critical section; (2) compare the
/// key's current version with the expected one: if they differ, return <see cref="LedgerOutcome.Conflict"/> with both
/// versions, without calling <c>decide</c>; (3) call <c>decide</c> with the current state: a rejection returns
/// <see cref="LedgerOutcome.Rejected"/> with its reason; (4) with a journal, encode the record and write it, waiting until
/// it is flushed to disk; (5) publish the new version (one volatile write) and append it to the history; (6) leave the
/// critical section and return <see cref="LedgerOutcome.Committed"/>.</para>
/// <para><b>Failures never half-apply.</b> If <c>decide</c>, the codec or the journal throws, the exception propagates
/// from the update and the key's state, version and history are unchanged: publishing (step 5) is the last step and
/// only happens after the record is durable. A commit the journal reported as failed is removed from the file again
/// (see <see cref="VersionedLedger.Open{TKey, TState}(string, ILedgerCodec{TKey, TState}, VersionedLedgerOptions{TKey, TState})"/>).</para>
/// <para><b>Critical section.</b> An in-memory ledger uses a monitor per key (<c>decide</c> runs inside it, so keep it short
/// and do not call back into the ledger for the same key). A durable ledger uses a <see cref="SemaphoreSlim"/> per key
/// so that the asynchronous methods can await the journal flush inside the section; concurrent commits of different
/// keys share one disk flush (group commit). The first committer that finds no flush in progress writes and flushes the
/// batch on its own thread (synchronously, also from the asynchronous methods); the others wait for that flush.</para>
/// </remarks>
[DebuggerDisplay("Name = {_name}, Keys = {_slots.Count}, Durable = {IsDurable}")]
public sealed class VersionedLedger<TKey, TState> : IVersionedLedger<TKey, TState>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, LedgerSlot<TState>> _slots;
    private readonly TState _initialState;
    private readonly TimeProvider _timeProvider;
    private readonly string? _name;
    private readonly StripedCounterSet _counters;
    private readonly LedgerJournal? _journal;
    private readonly ILedgerCodec<TKey, TState>? _codec;
    private int _disposed;

    /// <summary>Initializes an in-memory ledger (use <see cref="VersionedLedger.Open{TKey, TState}(string, ILedgerCodec{TKey, TState}, VersionedLedgerOptions{TKey, TState})"/> for a durable one).</summary>
    /// <param name="options">The options, or null for defaults.</param>
    public VersionedLedger(VersionedLedgerOptions<TKey, TState>? options = null)
        : this(options, null, null)
    {
    }

    internal VersionedLedger(VersionedLedgerOptions<TKey, TState>? options, ILedgerCodec<TKey, TState>? codec, Stream? journal)
    {
        _slots = new ConcurrentDictionary<TKey, LedgerSlot<TState>>(options?.KeyComparer ?? EqualityComparer<TKey>.Default);
        _initialState = options is null ? default! : options.InitialState;
        _timeProvider = options?.TimeProvider ?? TimeProvider.System;
        _name = options?.Name;
        if (journal is not null)
        {
            _codec = codec ?? throw new ArgumentNullException(nameof(codec));
            _journal = LedgerJournal.Open(journal, Replay, out var report, options?.JournalRecovery ?? JournalRecovery.RefuseCorruption, KeepDamagedCopy(journal));
            Recovery = report;
        }

        _counters = GuardedMetrics.Register(MetricSourceKind.Ledger, _name, LedgerCounters.Count).Counters;
    }

    /// <summary>
    /// Writes a damaged journal's contents beside it (<c>&lt;name&gt;.corrupt-&lt;UTC timestamp&gt;</c>, flushed to disk)
    /// before it is cut at a corruption; null for a journal that is not a file.
    /// </summary>
    private Func<byte[], string>? KeepDamagedCopy(Stream journal)
    {
        if (journal is not FileStream file)
        {
            return null;
        }

        return contents =>
        {
            string copy = $"{file.Name}.corrupt-{_timeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}";
            using var stream = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            stream.Write(contents, 0, contents.Length);
            stream.Flush(flushToDisk: true);
            FolderFlush.ContainingFolderOf(copy); // the copy must survive a crash before the journal is cut
            return copy;
        };
    }

    /// <summary>Gets whether commits are written to a journal before they are acknowledged.</summary>
    public bool IsDurable => _journal is not null;

    /// <summary>Gets what replaying the journal found when the ledger was opened; null for an in-memory ledger.</summary>
    public LedgerRecoveryReport? Recovery { get; }

    /// <summary>Reads the current state and version of <paramref name="key"/> without blocking.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The latest committed entry, or version 0 with the initial state when the key was never committed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public LedgerEntry<TState> Read(TKey key)
    {
        Guard.NotNullKey(key, nameof(key));
        var head = _slots.TryGetValue(key, out var slot) ? slot.Head : null;
        return head is null ? new LedgerEntry<TState>(_initialState, 0, default) : new LedgerEntry<TState>(head.State, head.Version, head.Timestamp);
    }

    /// <summary>Returns every committed version of <paramref name="key"/>, oldest first (version 1 first; version 0 is not included).</summary>
    /// <param name="key">The key.</param>
    /// <returns>A snapshot of the history; empty when the key was never committed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public IReadOnlyList<LedgerEntry<TState>> GetHistory(TKey key)
    {
        Guard.NotNullKey(key, nameof(key));
        var head = _slots.TryGetValue(key, out var slot) ? slot.Head : null;
        if (head is null)
        {
            return Array.Empty<LedgerEntry<TState>>();
        }

        var history = new LedgerEntry<TState>[head.Version];
        for (var commit = head; commit is not null; commit = commit.Previous)
        {
            history[commit.Version - 1] = new LedgerEntry<TState>(commit.State, commit.Version, commit.Timestamp);
        }

        return history;
    }

    /// <summary>
    /// Commits the state returned by <paramref name="decide"/> as the next version of <paramref name="key"/>, provided the
    /// key is still at <paramref name="expectedVersion"/>.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="expectedVersion">The version the caller read (0 for a key never committed).</param>
    /// <param name="decide">
    /// Validates the current state (the state of <paramref name="expectedVersion"/>) and returns
    /// <see cref="LedgerDecision{TState}.Commit"/> or <see cref="LedgerDecision{TState}.Reject"/>. Runs inside the key's
    /// critical section, at most once, and only when the version matches.
    /// </param>
    /// <returns>Committed (with the new version), Conflict (with the expected and actual versions) or Rejected (with the reason).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="decide"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>, or (durable ledger) the encoded
    /// record is larger than 64 MB; nothing changes.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed, before the call or (durable ledger) before the update reached the journal; nothing changes.</exception>
    /// <exception cref="LockRecursionException">Called from a <paramref name="decide"/> callback of this ledger (on any key); nothing changes.</exception>
    /// <exception cref="IOException">
    /// Durable ledger: writing or flushing the journal failed (the record is taken back out of the file, so it is never
    /// replayed), or an earlier failure that could not be repaired stopped the journal (reopen the ledger); nothing changes.
    /// </exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> or (durable ledger) the codec throws propagates unchanged; nothing changes.</exception>
    public LedgerUpdateResult<TState> TryUpdate(TKey key, long expectedVersion, Func<TState, LedgerDecision<TState>> decide)
    {
        Guard.NotNegative(expectedVersion, nameof(expectedVersion));
        return UpdateCore(key, expectedVersion, decide);
    }

    /// <summary>
    /// Commits the state returned by <paramref name="decide"/> as the next version of <paramref name="key"/>, deciding against
    /// whatever version is current. Never conflicts: <paramref name="decide"/> runs inside the key's critical section, so the
    /// state it sees cannot change before the commit.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="decide">Validates the current state and returns the decision; runs exactly once.</param>
    /// <returns>Committed (with the new version) or Rejected (with the reason).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="decide"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>, or (durable ledger) the encoded
    /// record is larger than 64 MB; nothing changes.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed, before the call or (durable ledger) before the update reached the journal; nothing changes.</exception>
    /// <exception cref="LockRecursionException">Called from a <paramref name="decide"/> callback of this ledger (on any key); nothing changes.</exception>
    /// <exception cref="IOException">
    /// Durable ledger: writing or flushing the journal failed (the record is taken back out of the file, so it is never
    /// replayed), or an earlier failure that could not be repaired stopped the journal (reopen the ledger); nothing changes.
    /// </exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> or (durable ledger) the codec throws propagates unchanged; nothing changes.</exception>
    public LedgerUpdateResult<TState> Update(TKey key, Func<TState, LedgerDecision<TState>> decide) => UpdateCore(key, null, decide);

    /// <summary>The asynchronous form of <see cref="TryUpdate"/>: awaits the key's critical section and the journal flush instead of blocking.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="decide">Validates the current state and returns the decision.</param>
    /// <param name="cancellationToken">
    /// Cancels waiting for the key's critical section. Once <paramref name="decide"/> has run the update is no longer
    /// cancellable, so a commit is never left in doubt.
    /// </param>
    /// <returns>The result, as for <see cref="TryUpdate"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="decide"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the update started; nothing changed.</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>, or (durable ledger) the encoded
    /// record is larger than 64 MB; nothing changes.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed, before the call or (durable ledger) before the update reached the journal; nothing changes.</exception>
    /// <exception cref="LockRecursionException">Called from a <paramref name="decide"/> callback of this ledger (on any key); nothing changes.</exception>
    /// <exception cref="IOException">
    /// Durable ledger: writing or flushing the journal failed (the record is taken back out of the file, so it is never
    /// replayed), or an earlier failure that could not be repaired stopped the journal (reopen the ledger); nothing changes.
    /// </exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> or (durable ledger) the codec throws propagates unchanged; nothing changes.</exception>
    public ValueTask<LedgerUpdateResult<TState>> TryUpdateAsync(TKey key, long expectedVersion, Func<TState, LedgerDecision<TState>> decide, CancellationToken cancellationToken = default)
    {
        Guard.NotNegative(expectedVersion, nameof(expectedVersion));
        return UpdateCoreAsync(key, expectedVersion, decide, cancellationToken);
    }

    /// <summary>The asynchronous form of <see cref="Update"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="decide">Validates the current state and returns the decision; runs exactly once.</param>
    /// <param name="cancellationToken">Cancels waiting for the key's critical section (see <see cref="TryUpdateAsync"/>).</param>
    /// <returns>Committed or Rejected.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="decide"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the update started; nothing changed.</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>, or (durable ledger) the encoded
    /// record is larger than 64 MB; nothing changes.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed, before the call or (durable ledger) before the update reached the journal; nothing changes.</exception>
    /// <exception cref="LockRecursionException">Called from a <paramref name="decide"/> callback of this ledger (on any key); nothing changes.</exception>
    /// <exception cref="IOException">
    /// Durable ledger: writing or flushing the journal failed (the record is taken back out of the file, so it is never
    /// replayed), or an earlier failure that could not be repaired stopped the journal (reopen the ledger); nothing changes.
    /// </exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> or (durable ledger) the codec throws propagates unchanged; nothing changes.</exception>
    public ValueTask<LedgerUpdateResult<TState>> UpdateAsync(TKey key, Func<TState, LedgerDecision<TState>> decide, CancellationToken cancellationToken = default) =>
        UpdateCoreAsync(key, null, decide, cancellationToken);

    /// <inheritdoc/>
    ValueTask<LedgerEntry<TState>> IVersionedLedger<TKey, TState>.ReadAsync(TKey key, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? new ValueTask<LedgerEntry<TState>>(Task.FromCanceled<LedgerEntry<TState>>(cancellationToken))
            : new ValueTask<LedgerEntry<TState>>(Read(key));

    /// <summary>Returns a snapshot of this ledger's counters.</summary>
    /// <returns>The counters.</returns>
    public VersionedLedgerStatistics GetStatistics() => new(
        _counters.Read(LedgerCounters.Commits),
        _counters.Read(LedgerCounters.Conflicts),
        _counters.Read(LedgerCounters.Rejections));

    /// <summary>
    /// Closes the journal (after the batch being written, if any, is flushed). Later updates throw
    /// <see cref="ObjectDisposedException"/>; reads keep working on the in-memory state.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _journal?.Dispose();
        }
    }

    private LedgerUpdateResult<TState> UpdateCore(TKey key, long? expectedVersion, Func<TState, LedgerDecision<TState>> decide)
    {
        var slot = Enter(key, decide);
        if (slot.Gate is null)
        {
            lock (slot)
            {
                if (!Prepare(slot, expectedVersion, decide, out var result, out var commit))
                {
                    return result;
                }

                return Publish(slot, commit, expectedVersion);
            }
        }

        slot.Gate.Wait();
        try
        {
            if (!Prepare(slot, expectedVersion, decide, out var result, out var commit))
            {
                return result;
            }

            _journal!.Append(Encode(key, commit)).GetAwaiter().GetResult();
            return Publish(slot, commit, expectedVersion);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private ValueTask<LedgerUpdateResult<TState>> UpdateCoreAsync(TKey key, long? expectedVersion, Func<TState, LedgerDecision<TState>> decide, CancellationToken cancellationToken)
    {
        if (_journal is null)
        {
            // Nothing is awaited inside an in-memory critical section: run it synchronously, reporting failures
            // through the returned task like the durable path does (argument errors still throw synchronously).
            Guard.NotNullKey(key, nameof(key));
            Guard.NotNull(decide, nameof(decide));
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask<LedgerUpdateResult<TState>>(Task.FromCanceled<LedgerUpdateResult<TState>>(cancellationToken));
            }

            try
            {
                return new ValueTask<LedgerUpdateResult<TState>>(UpdateCore(key, expectedVersion, decide));
            }
            catch (Exception exception)
            {
                return new ValueTask<LedgerUpdateResult<TState>>(Task.FromException<LedgerUpdateResult<TState>>(exception));
            }
        }

        return new ValueTask<LedgerUpdateResult<TState>>(UpdateDurableAsync(Enter(key, decide), key, expectedVersion, decide, cancellationToken));
    }

    private async Task<LedgerUpdateResult<TState>> UpdateDurableAsync(LedgerSlot<TState> slot, TKey key, long? expectedVersion, Func<TState, LedgerDecision<TState>> decide, CancellationToken cancellationToken)
    {
        await slot.Gate!.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Prepare(slot, expectedVersion, decide, out var result, out var commit))
            {
                return result;
            }

            await _journal!.Append(Encode(key, commit)).ConfigureAwait(false);
            return Publish(slot, commit, expectedVersion);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private LedgerSlot<TState> Enter(TKey key, Func<TState, LedgerDecision<TState>> decide)
    {
        Guard.NotNullKey(key, nameof(key));
        Guard.NotNull(decide, nameof(decide));
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(GetType().Name);
        }

        DecideCallbacks.ThrowIfDeciding(this);

        return _slots.TryGetValue(key, out var slot) ? slot : _slots.GetOrAdd(key, new LedgerSlot<TState>(_journal is not null));
    }

    /// <summary>Steps 2 and 3: version check and decision. Changes nothing; returns false with the final result unless a commit is due.</summary>
    private bool Prepare(LedgerSlot<TState> slot, long? expectedVersion, Func<TState, LedgerDecision<TState>> decide, out LedgerUpdateResult<TState> result, out LedgerCommit<TState> commit)
    {
        var head = slot.Head;
        long actual = head?.Version ?? 0;
        var state = head is null ? _initialState : head.State;
        long expected = expectedVersion ?? actual;
        commit = null!;
        if (expected != actual)
        {
            _counters.Increment(LedgerCounters.Conflicts);
            result = new LedgerUpdateResult<TState>(LedgerOutcome.Conflict, actual, expected, actual, state, null);
            return false;
        }

        var decision = DecideCallbacks.Run(this, decide, state);
        if (!decision.IsValid)
        {
            throw new InvalidOperationException("The decide callback returned a default LedgerDecision; return LedgerDecision.Commit(...) or LedgerDecision.Reject(...).");
        }

        if (!decision.IsCommit)
        {
            _counters.Increment(LedgerCounters.Rejections);
            result = new LedgerUpdateResult<TState>(LedgerOutcome.Rejected, actual, expected, actual, state, decision.RejectionReason);
            return false;
        }

        commit = new LedgerCommit<TState>(decision.State, actual + 1, _timeProvider.GetUtcNow(), head);
        result = default;
        return true;
    }

    /// <summary>Step 5: the commit becomes visible (a single volatile write of the slot's head).</summary>
    private LedgerUpdateResult<TState> Publish(LedgerSlot<TState> slot, LedgerCommit<TState> commit, long? expectedVersion)
    {
        slot.Head = commit;
        _counters.Increment(LedgerCounters.Commits);
        long previous = commit.Version - 1;
        return new LedgerUpdateResult<TState>(LedgerOutcome.Committed, commit.Version, expectedVersion ?? previous, previous, commit.State, null);
    }

    /// <summary>Encodes a commit as a framed journal record: version, UTC ticks, key, state (codec exceptions propagate; nothing is written).</summary>
    private byte[] Encode(TKey key, LedgerCommit<TState> commit)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(commit.Version);
            writer.Write(commit.Timestamp.UtcTicks);
            _codec!.WriteKey(writer, key);
            _codec.WriteState(writer, commit.State);
        }

        return LedgerJournal.Frame(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Applies one replayed payload; returns null when accepted or the reason replay must stop.</summary>
    private string? Replay(byte[] payload)
    {
        long version;
        DateTimeOffset timestamp;
        TKey key;
        TState state;
        try
        {
            using var buffer = new MemoryStream(payload, writable: false);
            using var reader = new BinaryReader(buffer, Encoding.UTF8);
            version = reader.ReadInt64();
            timestamp = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            key = _codec!.ReadKey(reader);
            state = _codec.ReadState(reader);
            if (buffer.Position != buffer.Length)
            {
                return "undecodable record (trailing bytes)";
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return $"undecodable record ({exception.GetType().Name}: {exception.Message})";
        }

        if (key is null)
        {
            return "undecodable record (null key)";
        }

        var slot = _slots.GetOrAdd(key, static _ => new LedgerSlot<TState>(durable: true));
        long expected = (slot.Head?.Version ?? 0) + 1;
        if (version != expected)
        {
            return $"non-monotonic version {version} for key '{key}' (expected {expected})";
        }

        slot.Head = new LedgerCommit<TState>(state, version, timestamp, slot.Head);
        return null;
    }
}
