using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded;

/// <summary>
/// The versioned-ledger contract, whatever stores the ledger: per-key state with optimistic concurrency, where every
/// commit creates the next version of its key and an update names the version it expects.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TState">The state type; treat it as immutable.</typeparam>
/// <remarks>
/// <para>Implemented by the embedded <see cref="VersionedLedger{TKey, TState}"/> (in memory, or journaled with
/// <see cref="VersionedLedger.Open{TKey, TState}(string, ILedgerCodec{TKey, TState}, VersionedLedgerOptions{TKey, TState})"/>)
/// and by <c>Guarded.PostgreSql.PostgreSqlVersionedLedger&lt;TKey, TState&gt;</c> (package <c>Guarded.Runtime.PostgreSql</c>),
/// which shares one ledger between processes and machines. Every implementation keeps the same contract:</para>
/// <list type="bullet">
/// <item>Versions of a key start at 0 (the initial state, never committed) and increase by exactly 1 per commit.</item>
/// <item>No update is lost: each commit is decided against the state it replaces, which cannot change before the commit.</item>
/// <item>An update whose expected version is not the current one ends in <see cref="LedgerOutcome.Conflict"/> carrying both
/// versions, without calling <c>decide</c>; a rejection ends in <see cref="LedgerOutcome.Rejected"/> with its reason;
/// in both cases nothing changes.</item>
/// <item>If <c>decide</c> (or the store) throws, the exception propagates and nothing is half-applied: state, version
/// and history of the key are unchanged.</item>
/// <item>The history of a key is append-only and holds every committed version, oldest first.</item>
/// </list>
/// <para><b>Exceptions.</b> Each member lists the exceptions of the contract. Implementations add the failures of their
/// store: the journaled ledger <see cref="System.IO.IOException"/> from updates whose journal write failed, the PostgreSQL
/// ledger <c>NpgsqlException</c> from every member; both also let the codec's exceptions through.</para>
/// </remarks>
public interface IVersionedLedger<TKey, TState> : IDisposable
    where TKey : notnull
{
    /// <summary>Reads the current state and version of <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The latest committed entry, or version 0 with the initial state when the key was never committed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">A ledger that reads from its store (PostgreSQL) was disposed; the embedded ledger keeps reading from memory after <see cref="IDisposable.Dispose"/>.</exception>
    LedgerEntry<TState> Read(TKey key);

    /// <summary>Reads the current state and version of <paramref name="key"/> asynchronously.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The latest committed entry, or version 0 with the initial state when the key was never committed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">A ledger that reads from its store (PostgreSQL) was disposed; the embedded ledger keeps reading from memory after <see cref="IDisposable.Dispose"/>.</exception>
    ValueTask<LedgerEntry<TState>> ReadAsync(TKey key, CancellationToken cancellationToken = default);

    /// <summary>Returns every committed version of <paramref name="key"/>, oldest first (version 1 first; version 0 is not included).</summary>
    /// <param name="key">The key.</param>
    /// <returns>A snapshot of the history; empty when the key was never committed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">A ledger that reads from its store (PostgreSQL) was disposed; the embedded ledger keeps reading from memory after <see cref="IDisposable.Dispose"/>.</exception>
    IReadOnlyList<LedgerEntry<TState>> GetHistory(TKey key);

    /// <summary>
    /// Commits the state returned by <paramref name="decide"/> as the next version of <paramref name="key"/>, provided the
    /// key is still at <paramref name="expectedVersion"/>.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="expectedVersion">The version the caller read (0 for a key never committed).</param>
    /// <param name="decide">Validates the current state and returns the decision; runs at most once, and only when the version matches.</param>
    /// <returns>Committed (with the new version), Conflict (with the expected and actual versions) or Rejected (with the reason).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="decide"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>.</exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    /// <exception cref="LockRecursionException">Called from a <paramref name="decide"/> callback of this ledger (on any key); nothing changes.</exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> throws propagates unchanged; nothing changes.</exception>
    LedgerUpdateResult<TState> TryUpdate(TKey key, long expectedVersion, Func<TState, LedgerDecision<TState>> decide);

    /// <summary>Commits the state returned by <paramref name="decide"/>, deciding against whatever version is current; never conflicts.</summary>
    /// <param name="key">The key.</param>
    /// <param name="decide">Validates the current state and returns the decision; runs exactly once.</param>
    /// <returns>Committed (with the new version) or Rejected (with the reason).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="decide"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>.</exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    /// <exception cref="LockRecursionException">Called from a <paramref name="decide"/> callback of this ledger (on any key); nothing changes.</exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> throws propagates unchanged; nothing changes.</exception>
    LedgerUpdateResult<TState> Update(TKey key, Func<TState, LedgerDecision<TState>> decide);

    /// <summary>The asynchronous form of <see cref="TryUpdate"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="decide">Validates the current state and returns the decision.</param>
    /// <param name="cancellationToken">Cancels the update until <paramref name="decide"/> has run; after that the update is no longer cancellable, so a commit is never left in doubt.</param>
    /// <returns>The result, as for <see cref="TryUpdate"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="decide"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before <paramref name="decide"/> ran; nothing changed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>.</exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    /// <exception cref="LockRecursionException">Called from a <paramref name="decide"/> callback of this ledger (on any key); nothing changes.</exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> throws propagates unchanged; nothing changes.</exception>
    ValueTask<LedgerUpdateResult<TState>> TryUpdateAsync(TKey key, long expectedVersion, Func<TState, LedgerDecision<TState>> decide, CancellationToken cancellationToken = default);

    /// <summary>The asynchronous form of <see cref="Update"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="decide">Validates the current state and returns the decision; runs exactly once.</param>
    /// <param name="cancellationToken">Cancels the update until <paramref name="decide"/> has run (see <see cref="TryUpdateAsync"/>).</param>
    /// <returns>Committed or Rejected.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="decide"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before <paramref name="decide"/> ran; nothing changed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="decide"/> returned a default <see cref="LedgerDecision{TState}"/>.</exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    /// <exception cref="LockRecursionException">Called from a <paramref name="decide"/> callback of this ledger (on any key); nothing changes.</exception>
    /// <exception cref="Exception">Whatever <paramref name="decide"/> throws propagates unchanged; nothing changes.</exception>
    ValueTask<LedgerUpdateResult<TState>> UpdateAsync(TKey key, Func<TState, LedgerDecision<TState>> decide, CancellationToken cancellationToken = default);

    /// <summary>Returns a snapshot of this instance's counters (updates made through this instance only).</summary>
    /// <returns>The counters.</returns>
    VersionedLedgerStatistics GetStatistics();
}
