using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers;

public static partial class DiagnosticDescriptors
{
    /// <summary>GRD101: a check and a dependent act on a shared non-concurrent collection are not under one guard.</summary>
    // Off by default: on real code most unguarded collections it saw were guarded by a caller in another type or confined to one thread (eval/, GRD101.md).
    public static readonly DiagnosticDescriptor CheckThenActOnSharedCollection = Create(
        DiagnosticIds.CheckThenActOnSharedCollection,
        title: "Check-then-act on a shared collection is not atomic",
        messageFormat: "'{0}' is checked with {1} and then changed with {2}, but no single guard is held across both; {3}",
        DiagnosticCategories.Atomicity,
        description: "Another thread can change the collection between the check and the act: two callers both see the key missing and both add it, or one removes what the other just checked. Hold one guard across the check and the act, or use an atomic get-or-add.",
        isEnabledByDefault: false);

    /// <summary>GRD105: a shared field is read, changed and written back without a guard.</summary>
    // Off by default: on real code most unguarded updates it saw were confined to one thread or serialized elsewhere (eval/, GRD105.md).
    public static readonly DiagnosticDescriptor NonAtomicReadModifyWrite = Create(
        DiagnosticIds.NonAtomicReadModifyWrite,
        title: "Non-atomic read-modify-write of a shared field",
        messageFormat: "'{0}' is read, changed and written back by '{1}' without a guard{2}, so concurrent updates can be lost; {3}",
        DiagnosticCategories.Atomicity,
        description: "'_n++', '_n += k' and '_n = _n + k' read the field, compute, then write: two threads can read the same old value and one update is lost. A check of the field before the update (a balance test before a debit) is lost the same way. Use Interlocked for integer counters, or hold one guard across the read and the write.",
        isEnabledByDefault: false);

    /// <summary>GRD103: a shared field is initialized on first use without synchronization.</summary>
    // Off by default: on real code most lazy initializations it saw ran on one thread or under a lock held by a caller (eval/, GRD103.md).
    public static readonly DiagnosticDescriptor UnsynchronizedLazyInitialization = Create(
        DiagnosticIds.UnsynchronizedLazyInitialization,
        title: "Lazy initialization of shared state is not synchronized",
        messageFormat: "'{0}' is initialized on first use by '{1}'{2} without synchronization: two threads can both find it unset and both run '{3}'",
        DiagnosticCategories.Atomicity,
        description: "'if (_f == null) _f = Create();' and '_f ??= Create();' race: several threads can create the value, and callers can end up holding different instances (a different lock object each, a cache nobody else sees). Use LazyInitializer.EnsureInitialized, Lazy<T>, or a field initializer when the value needs nothing.",
        isEnabledByDefault: false);

    /// <summary>GRD106: an immutable collection field is replaced by a value computed from its old value, without a guard.</summary>
    // Off by default: on real code the updates it saw were serialized by their callers (eval/, GRD106.md).
    public static readonly DiagnosticDescriptor LostUpdateOnImmutableCollection = Create(
        DiagnosticIds.LostUpdateOnImmutableCollection,
        title: "Lost update on an immutable collection field",
        messageFormat: "'{0}' is replaced by '{1}', computed from its old value without a guard, so a concurrent update is lost; {2}",
        DiagnosticCategories.Atomicity,
        description: "'_map = _map.Add(k, v)' reads the field, builds a new collection and writes it back: two threads that do this at once both start from the same old collection, and one addition disappears. ImmutableInterlocked.Update retries until its write is based on the current value.",
        isEnabledByDefault: false);

    /// <summary>GRD102: a check-then-act on a concurrent collection that has an atomic API for the whole sequence.</summary>
    public static readonly DiagnosticDescriptor CheckThenActOnConcurrentCollection = Create(
        DiagnosticIds.CheckThenActOnConcurrentCollection,
        title: "Check-then-act on a concurrent collection",
        messageFormat: "'{0}' is checked with {1} and then {2}; another thread can change it in between, use {3}",
        DiagnosticCategories.Atomicity,
        description: "Each call on a ConcurrentDictionary is atomic, a sequence of calls is not: between ContainsKey and the indexer another thread can add or remove the key. GetOrAdd, AddOrUpdate, TryAdd and TryGetValue do the whole sequence in one atomic step.");

    /// <summary>GRD104: double-checked locking that the .NET memory model does not make safe.</summary>
    // Off by default: on real code most double-checked blocks it saw were correct through a wrapper or a readonly fast path (eval/, GRD104.md).
    public static readonly DiagnosticDescriptor BrokenDoubleCheckedLocking = Create(
        DiagnosticIds.BrokenDoubleCheckedLocking,
        title: "Double-checked locking is broken",
        messageFormat: "Double-checked locking on '{0}' is broken: {1}",
        DiagnosticCategories.Atomicity,
        description: "The unlocked fast path of double-checked locking must read the published reference itself (or a volatile flag), and the reference must be published only after the object is fully initialized. Otherwise a thread can pass the fast path and use state it cannot yet see, or a half-initialized object.",
        isEnabledByDefault: false);

    /// <summary>GRD107: a per-key lock registry built with check-then-act, or whose entries are removed while they may be held.</summary>
    public static readonly DiagnosticDescriptor UnsafeLockRegistry = Create(
        DiagnosticIds.UnsafeLockRegistry,
        title: "Per-key lock registry is unsafe",
        messageFormat: "Per-key lock registry '{0}' is unsafe: {1}",
        DiagnosticCategories.Atomicity,
        description: "A dictionary of per-key locks must hand every caller the same lock for a key and must never drop a lock that someone holds or waits for. Creating entries with check-then-act gives two callers two locks; removing an entry while it is held lets the next caller create a fresh lock and run alongside the holder. SessionLocks<TKey> reference-counts its entries and removes them only when nobody holds or awaits them.");

    /// <summary>GRD108: an <c>Interlocked</c> update whose result is dropped while the member reads the field again on its own.</summary>
    public static readonly DiagnosticDescriptor AtomicResultIgnored = Create(
        DiagnosticIds.AtomicResultIgnored,
        title: "Atomic update's result is dropped and the field is read separately",
        messageFormat: "'{0}' is updated atomically by '{1}', whose result is dropped, and read separately {2} by '{3}': another thread can update it in between, so that read is not the value this update saw or produced; use the value {4} returns",
        DiagnosticCategories.Atomicity,
        description: "An Interlocked update is atomic only as one call: its return value is the one value this caller may act on. Reading the field again, before or after the update, reads whatever the last thread wrote, so two callers can return the same number, pick the same slot or both pass a check. Use the value the Interlocked call returns (Increment/Add return the new value, Exchange/CompareExchange the old one).");
}
