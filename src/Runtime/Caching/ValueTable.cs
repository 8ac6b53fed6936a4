using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Guarded.Caching;

/// <summary>
/// The value table of a <see cref="DoubleCheckedCache{TKey, TValue}"/>: a read-mostly hash table whose reads take no
/// lock. For value-type keys it is its own table; for reference-type keys it wraps a
/// <see cref="ConcurrentDictionary{TKey, TValue}"/>.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <remarks>
/// <para><b>Why two implementations.</b> For value-type keys a lookup here is a hash, two volatile loads and a short
/// chain walk with the default comparer devirtualized, cheaper than
/// <see cref="ConcurrentDictionary{TKey, TValue}.TryGetValue"/>. For reference-type keys (strings above all, whose
/// hashing is randomized) <see cref="ConcurrentDictionary{TKey, TValue}"/> is faster, so the table delegates to one.
/// Every method branches on <c>typeof(TKey).IsValueType</c>, a constant for the JIT, so each instantiation compiles to
/// one of the two paths only.</para>
/// <para><b>Layout (value-type keys).</b> <c>_buckets</c> is an array whose length is a power of two; each slot holds
/// the head of a chain of <see cref="Node"/>s. Nodes are immutable (their fields are read-only) and a published node
/// is never changed: a write builds new nodes and publishes them by replacing one reference.</para>
/// <para><b>Writers.</b> Every write (<see cref="Set"/>, <see cref="TryRemove"/>, <see cref="TryRemoveExact"/>, and the
/// growth they trigger) runs under <c>lock (_writeLock)</c>, so writes never race each other and may read
/// <c>_buckets</c>, the chains and <c>_count</c> plainly. A write copies the part of the chain in front of the node it
/// changes (the part behind it is shared, untouched), links the copy to the new node or to the removed node's
/// successor, and publishes the new head with <c>Volatile.Write</c>. When the count exceeds the bucket count, the
/// writer builds a new array, twice as long, of new nodes and publishes it with <c>Volatile.Write</c>; the old array is
/// never written again. The lock is innermost (no other lock is taken while it is held; the cache calls in under a
/// load's lock), and a plain <see cref="object"/> because the Coyote tests model <see cref="Monitor"/> only.</para>
/// <para><b>Readers.</b> <see cref="TryGetValue"/> reads <c>_buckets</c> and then the bucket head with
/// <c>Volatile.Read</c> and takes no lock. The volatile write that published a head (or an array) comes after the
/// construction of every node reachable from it, and the reader's volatile read comes before it touches them, so a
/// reader always sees fully built nodes. Because a write replaces one reference, a reader sees either the old chain or
/// the new one, each a consistent set of entries; and either the old array (frozen once the new one is published, so it
/// holds the state of that moment, which lies within the lookup) or the new one. A lookup is therefore atomic with
/// respect to every write, as with <see cref="ConcurrentDictionary{TKey, TValue}"/>: it sees a write either entirely
/// or not at all, and a write that completed before the lookup began is always seen.</para>
/// </remarks>
[DebuggerDisplay("Count = {Count}")]
internal sealed class ValueTable<TKey, TValue>
    where TKey : notnull
{
    private const int InitialBucketCount = 16;

    /// <summary>
    /// Whether a value-type key can be null (<see cref="Nullable{T}"/>). A constant once the class is initialized, so
    /// optimized code drops the null check; tested first because <c>key is null</c> boxes the key in unoptimized (Debug)
    /// code, which would make the hit path allocate.
    /// </summary>
    private static readonly bool KeyMayBeNull = Nullable.GetUnderlyingType(typeof(TKey)) is not null;

    /// <summary>The table for reference-type keys (otherwise null).</summary>
    private readonly ConcurrentDictionary<TKey, TValue>? _dictionary;

    /// <summary>The custom comparer, or null for <see cref="EqualityComparer{T}.Default"/> (value-type keys only); null lets the JIT devirtualize the default.</summary>
    private readonly IEqualityComparer<TKey>? _comparer;

    private readonly object _writeLock = new();

    /// <summary>The chains (value-type keys; empty otherwise). Replaced by growth under the lock, read with <c>Volatile.Read</c>.</summary>
    private Node?[] _buckets;

    /// <summary>The number of entries (value-type keys): written under the lock, read with <c>Volatile.Read</c>.</summary>
    private int _count;

    /// <summary>Initializes an empty table.</summary>
    /// <param name="comparer">The key comparer; <see langword="null"/> means <see cref="EqualityComparer{T}.Default"/>.</param>
    internal ValueTable(IEqualityComparer<TKey>? comparer)
    {
        if (!typeof(TKey).IsValueType)
        {
            _dictionary = new ConcurrentDictionary<TKey, TValue>(comparer ?? EqualityComparer<TKey>.Default);
            _buckets = [];
        }
        else
        {
            _comparer = comparer is null || ReferenceEquals(comparer, EqualityComparer<TKey>.Default) ? null : comparer;
            _buckets = new Node?[InitialBucketCount];
        }
    }

    /// <summary>Gets the number of entries; a moment-in-time value while other threads write.</summary>
    internal int Count => !typeof(TKey).IsValueType ? _dictionary!.Count : Volatile.Read(ref _count);

    /// <summary>Looks <paramref name="key"/> up without taking a lock.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (!typeof(TKey).IsValueType)
        {
            return _dictionary!.TryGetValue(key, out value);
        }

        ThrowIfNull(key);
        int hash = _comparer is null ? EqualityComparer<TKey>.Default.GetHashCode(key) : _comparer.GetHashCode(key);
        var buckets = Volatile.Read(ref _buckets);
        for (var node = Volatile.Read(ref buckets[BucketIndex(hash, buckets.Length)]); node is not null; node = node.Next)
        {
            if (node.Hash == hash
                && (_comparer is null ? EqualityComparer<TKey>.Default.Equals(node.Key, key) : _comparer.Equals(node.Key, key)))
            {
                value = node.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Adds <paramref name="key"/> with <paramref name="value"/>, or replaces the value it has.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    internal void Set(TKey key, TValue value)
    {
        if (!typeof(TKey).IsValueType)
        {
            _dictionary![key] = value;
            return;
        }

        ThrowIfNull(key);
        int hash = Hash(key);
        lock (_writeLock)
        {
            var (buckets, index, head, existing) = Locate(key, hash);
            if (existing is not null)
            {
                // Keeps the stored key, like ConcurrentDictionary (it matters only to a comparer that equates distinct keys).
                var replacement = new Node(existing.Key, value, hash, existing.Next);
                Volatile.Write(ref buckets[index], CopyPrefix(head, existing, replacement));
                return;
            }

            Volatile.Write(ref buckets[index], new Node(key, value, hash, head));
            int count = _count + 1;
            Volatile.Write(ref _count, count);
            if (count > buckets.Length)
            {
                Grow(buckets);
            }
        }
    }

    /// <summary>Removes <paramref name="key"/> and returns the value it had.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    internal bool TryRemove(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (!typeof(TKey).IsValueType)
        {
            return _dictionary!.TryRemove(key, out value);
        }

        ThrowIfNull(key);
        int hash = Hash(key);
        lock (_writeLock)
        {
            var (buckets, index, head, existing) = Locate(key, hash);
            if (existing is null)
            {
                value = default;
                return false;
            }

            Unlink(buckets, index, head, existing);
            value = existing.Value;
            return true;
        }
    }

    /// <summary>
    /// Removes <paramref name="key"/> only while its value is still <paramref name="value"/> (the same reference for a
    /// reference type), so a value stored since the caller read this one is never removed.
    /// </summary>
    /// <remarks>
    /// With reference-type keys the comparison is <see cref="EqualityComparer{T}.Default"/> (the dictionary's own), which
    /// is reference equality for value classes that do not override <see cref="object.Equals(object)"/>, such as
    /// <see cref="TimedValue{TValue}"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    internal bool TryRemoveExact(TKey key, TValue value)
    {
        if (!typeof(TKey).IsValueType)
        {
#if NET8_0_OR_GREATER
            return _dictionary!.TryRemove(new KeyValuePair<TKey, TValue>(key, value));
#else
            return ((ICollection<KeyValuePair<TKey, TValue>>)_dictionary!).Remove(new KeyValuePair<TKey, TValue>(key, value));
#endif
        }

        ThrowIfNull(key);
        int hash = Hash(key);
        lock (_writeLock)
        {
            var (buckets, index, head, existing) = Locate(key, hash);
            if (existing is null || !IsSameValue(existing.Value, value))
            {
                return false;
            }

            Unlink(buckets, index, head, existing);
            return true;
        }
    }

    /// <summary>Returns the keys present at one moment (the caller may then write to the table freely).</summary>
    internal ICollection<TKey> SnapshotKeys()
    {
        if (!typeof(TKey).IsValueType)
        {
            return _dictionary!.Keys;
        }

        lock (_writeLock)
        {
            var keys = new List<TKey>(_count);
            foreach (var head in _buckets)
            {
                for (var node = head; node is not null; node = node.Next)
                {
                    keys.Add(node.Key);
                }
            }

            return keys;
        }
    }

    /// <summary>
    /// Enumerates the entries without taking a lock. Like <see cref="ConcurrentDictionary{TKey, TValue}"/>'s enumerator
    /// it is safe while other threads write, but not a moment-in-time snapshot: an entry written during the enumeration
    /// may or may not appear.
    /// </summary>
    internal IEnumerable<KeyValuePair<TKey, TValue>> Entries() =>
        !typeof(TKey).IsValueType ? _dictionary! : EnumerateNodes(Volatile.Read(ref _buckets));

    private static IEnumerable<KeyValuePair<TKey, TValue>> EnumerateNodes(Node?[] buckets)
    {
        for (int i = 0; i < buckets.Length; i++)
        {
            for (var node = Volatile.Read(ref buckets[i]); node is not null; node = node.Next)
            {
                yield return new KeyValuePair<TKey, TValue>(node.Key, node.Value);
            }
        }
    }

    /// <summary>Rejects a null <see cref="Nullable{T}"/> key, as <see cref="ConcurrentDictionary{TKey, TValue}"/> does (value-type keys only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ThrowIfNull(TKey key)
    {
        if (KeyMayBeNull && key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }
    }

    /// <summary>The current buckets, <paramref name="key"/>'s bucket and chain, and its node in the chain if any. Call under the lock.</summary>
    private (Node?[] Buckets, int Index, Node? Head, Node? Existing) Locate(TKey key, int hash)
    {
        var buckets = _buckets;
        int index = BucketIndex(hash, buckets.Length);
        var head = buckets[index];
        return (buckets, index, head, Find(head, key, hash));
    }

    /// <summary>Spreads the high bits into the low ones, which alone pick the bucket (sequential and shifted keys would otherwise collide).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BucketIndex(int hash, int length) => (hash ^ (int)((uint)hash >> 16)) & (length - 1);

    private static bool IsSameValue(TValue stored, TValue value) =>
        typeof(TValue).IsValueType
            ? EqualityComparer<TValue>.Default.Equals(stored, value)
            : ReferenceEquals(stored, value);

    private int Hash(TKey key) => _comparer is null ? EqualityComparer<TKey>.Default.GetHashCode(key) : _comparer.GetHashCode(key);

    private Node? Find(Node? head, TKey key, int hash)
    {
        for (var node = head; node is not null; node = node.Next)
        {
            if (node.Hash == hash
                && (_comparer is null ? EqualityComparer<TKey>.Default.Equals(node.Key, key) : _comparer.Equals(node.Key, key)))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>
    /// Returns a chain holding copies of the nodes in front of <paramref name="target"/> (which is in the chain of
    /// <paramref name="head"/>) followed by <paramref name="tail"/>. The copies come in reverse order: order within a
    /// chain carries no meaning, and building them front to back this way needs neither recursion (chains can be long
    /// under a poor hash) nor a buffer.
    /// </summary>
    private static Node? CopyPrefix(Node? head, Node target, Node? tail)
    {
        var node = head;
        while (node != target)
        {
            tail = new Node(node!.Key, node.Value, node.Hash, tail);
            node = node.Next;
        }

        return tail;
    }

    /// <summary>Publishes the chain without <paramref name="target"/>; called under the lock.</summary>
    private void Unlink(Node?[] buckets, int index, Node? head, Node target)
    {
        Volatile.Write(ref buckets[index], CopyPrefix(head, target, target.Next));
        Volatile.Write(ref _count, _count - 1);
    }

    /// <summary>Publishes a table twice as long; called under the lock. New nodes throughout: readers may still be walking the old ones.</summary>
    private void Grow(Node?[] buckets)
    {
        var grown = new Node?[buckets.Length * 2];
        foreach (var head in buckets)
        {
            for (var node = head; node is not null; node = node.Next)
            {
                int index = BucketIndex(node.Hash, grown.Length);
                grown[index] = new Node(node.Key, node.Value, node.Hash, grown[index]);
            }
        }

        Volatile.Write(ref _buckets, grown);
    }

    /// <summary>One entry of a chain; immutable, so a reader that reached it may keep using it after any write.</summary>
    [DebuggerDisplay("Key = {Key}, Hash = {Hash}")]
    private sealed class Node
    {
        internal readonly TKey Key;
        internal readonly TValue Value;
        internal readonly int Hash;
        internal readonly Node? Next;

        internal Node(TKey key, TValue value, int hash, Node? next)
        {
            Key = key;
            Value = value;
            Hash = hash;
            Next = next;
        }
    }
}
