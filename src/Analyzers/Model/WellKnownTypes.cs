using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Model;

/// <summary>The framework and runtime types the rules reason about, resolved once per compilation.</summary>
internal sealed class WellKnownTypes
{
    private readonly ImmutableHashSet<INamedTypeSymbol> _nonConcurrentCollections;
    private readonly ImmutableHashSet<INamedTypeSymbol> _concurrencyIntentTypes;

    private WellKnownTypes(Compilation compilation)
    {
        Monitor = Get(compilation, "System.Threading.Monitor");
        SemaphoreSlim = Get(compilation, "System.Threading.SemaphoreSlim");
        ReaderWriterLockSlim = Get(compilation, "System.Threading.ReaderWriterLockSlim");
        Lock = Get(compilation, "System.Threading.Lock");
        Interlocked = Get(compilation, "System.Threading.Interlocked");
        Mutex = Get(compilation, "System.Threading.Mutex");
        Volatile = Get(compilation, "System.Threading.Volatile");
        Task = Get(compilation, "System.Threading.Tasks.Task");
        GenericTask = Get(compilation, "System.Threading.Tasks.Task`1");
        ValueTask = Get(compilation, "System.Threading.Tasks.ValueTask");
        GenericValueTask = Get(compilation, "System.Threading.Tasks.ValueTask`1");
        TimeSpan = Get(compilation, "System.TimeSpan");
        Timeout = Get(compilation, "System.Threading.Timeout");
        TaskFactory = Get(compilation, "System.Threading.Tasks.TaskFactory");
        Parallel = Get(compilation, "System.Threading.Tasks.Parallel");
        Thread = Get(compilation, "System.Threading.Thread");
        ThreadPool = Get(compilation, "System.Threading.ThreadPool");
        ThreadingTimer = Get(compilation, "System.Threading.Timer");
        TimersTimer = Get(compilation, "System.Timers.Timer");
        PeriodicTimer = Get(compilation, "System.Threading.PeriodicTimer");
        ThreadStaticAttribute = Get(compilation, "System.ThreadStaticAttribute");
        ThreadLocal = Get(compilation, "System.Threading.ThreadLocal`1");
        AsyncLocal = Get(compilation, "System.Threading.AsyncLocal`1");
        MethodImplAttribute = Get(compilation, "System.Runtime.CompilerServices.MethodImplAttribute");
        ConcurrentDictionary = Get(compilation, "System.Collections.Concurrent.ConcurrentDictionary`2");
        LazyInitializer = Get(compilation, "System.Threading.LazyInitializer");
        MemberInfo = Get(compilation, "System.Reflection.MemberInfo");
        ImmutableInterlocked = Get(compilation, "System.Collections.Immutable.ImmutableInterlocked");
        SessionLocks = Get(compilation, "Guarded.SessionLocks`1");
        DoubleCheckedCache = Get(compilation, "Guarded.DoubleCheckedCache`2");

        _nonConcurrentCollections = Set(
            compilation,
            "System.Collections.Generic.Dictionary`2",
            "System.Collections.Generic.List`1",
            "System.Collections.Generic.HashSet`1",
            "System.Collections.Generic.Queue`1",
            "System.Collections.Generic.Stack`1",
            "System.Collections.Generic.SortedDictionary`2",
            "System.Collections.Generic.SortedList`2",
            "System.Collections.Generic.SortedSet`1",
            "System.Collections.Generic.LinkedList`1",
            "System.Collections.Generic.PriorityQueue`2",
            "System.Collections.Hashtable",
            "System.Collections.ArrayList");

        _concurrencyIntentTypes = ImmutableHashSet.CreateRange<INamedTypeSymbol>(
            SymbolEqualityComparer.Default,
            new[] { Monitor, SemaphoreSlim, ReaderWriterLockSlim, Lock, Interlocked, Volatile, Parallel, Thread, ThreadPool, ThreadingTimer, TimersTimer, PeriodicTimer, SessionLocks, DoubleCheckedCache }
                .Where(t => t is not null)!);
    }

    /// <summary>The lock helpers of the compilation (methods that take a lock and return its releaser), judged once each.</summary>
    public LockHelpers LockHelpers { get; } = new();

    /// <summary>The resolved types whose use shows concurrency intent: synchronization, scheduling, timers, the Guarded runtime.</summary>
    public IEnumerable<INamedTypeSymbol> ConcurrencyIntentTypes => _concurrencyIntentTypes;

    /// <summary>The resolved lock types whose acquire and release calls the rules follow.</summary>
    public IEnumerable<INamedTypeSymbol> LockTypes =>
        new[] { Monitor, SemaphoreSlim, ReaderWriterLockSlim, Lock, Mutex }.Where(t => t is not null)!;

    public INamedTypeSymbol? Monitor { get; }

    public INamedTypeSymbol? SemaphoreSlim { get; }

    public INamedTypeSymbol? ReaderWriterLockSlim { get; }

    /// <summary><c>System.Threading.Lock</c> (.NET 9 and later); null on older frameworks.</summary>
    public INamedTypeSymbol? Lock { get; }

    public INamedTypeSymbol? Interlocked { get; }

    public INamedTypeSymbol? Mutex { get; }

    public INamedTypeSymbol? Volatile { get; }

    public INamedTypeSymbol? Task { get; }

    /// <summary><c>Task&lt;TResult&gt;</c>.</summary>
    public INamedTypeSymbol? GenericTask { get; }

    public INamedTypeSymbol? ValueTask { get; }

    /// <summary><c>ValueTask&lt;TResult&gt;</c>.</summary>
    public INamedTypeSymbol? GenericValueTask { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    /// <summary><c>System.Threading.Timeout</c>: <c>Infinite</c> and <c>InfiniteTimeSpan</c>.</summary>
    public INamedTypeSymbol? Timeout { get; }

    public INamedTypeSymbol? TaskFactory { get; }

    public INamedTypeSymbol? Parallel { get; }

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? ThreadPool { get; }

    public INamedTypeSymbol? ThreadingTimer { get; }

    public INamedTypeSymbol? TimersTimer { get; }

    public INamedTypeSymbol? PeriodicTimer { get; }

    public INamedTypeSymbol? ThreadStaticAttribute { get; }

    public INamedTypeSymbol? ThreadLocal { get; }

    public INamedTypeSymbol? AsyncLocal { get; }

    public INamedTypeSymbol? MethodImplAttribute { get; }

    public INamedTypeSymbol? ConcurrentDictionary { get; }

    public INamedTypeSymbol? LazyInitializer { get; }

    public INamedTypeSymbol? ImmutableInterlocked { get; }

    /// <summary><c>System.Reflection.MemberInfo</c>, the base of <c>Type</c>, <c>MethodInfo</c>, <c>FieldInfo</c>, ….</summary>
    public INamedTypeSymbol? MemberInfo { get; }

    public INamedTypeSymbol? SessionLocks { get; }

    public INamedTypeSymbol? DoubleCheckedCache { get; }

    public static WellKnownTypes Create(Compilation compilation) => new(compilation);

    /// <summary>Whether <paramref name="type"/> is <c>Task</c>, <c>Task&lt;T&gt;</c> (or a type derived from <c>Task</c>), <c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c>: something a thread can block on until it completes.</summary>
    public bool IsTaskLike(ITypeSymbol? type)
    {
        var definition = type?.OriginalDefinition;
        if (definition is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(definition, ValueTask) || SymbolEqualityComparer.Default.Equals(definition, GenericValueTask))
        {
            return true;
        }

        for (var current = definition as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, Task))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is a BCL collection that is not safe for concurrent mutation.</summary>
    public bool IsNonConcurrentCollection(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && _nonConcurrentCollections.Contains(named.OriginalDefinition);

    /// <summary>Whether <paramref name="type"/> is <c>Interlocked</c> or <c>Volatile</c>: a call on it accesses a field atomically.</summary>
    public bool IsAtomics(INamedTypeSymbol? type) =>
        type is not null &&
        (SymbolEqualityComparer.Default.Equals(type, Interlocked) || SymbolEqualityComparer.Default.Equals(type, Volatile));

    /// <summary>Whether <paramref name="type"/> lives in <c>System.Collections.Concurrent</c>.</summary>
    public bool IsConcurrentCollection(ITypeSymbol? type) =>
        IsInSystemCollectionsNamespace(type, "Concurrent");

    /// <summary>
    /// Whether <paramref name="type"/> is a dictionary (concurrent or not) whose values are locks: a per-key lock
    /// registry (<c>SemaphoreSlim</c>, <c>System.Threading.Lock</c>, <c>Mutex</c>, <c>ReaderWriterLockSlim</c>, or a
    /// well-known async lock).
    /// </summary>
    public bool IsLockRegistry(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeArguments.Length: 2 } dictionary ||
            !(IsConcurrentDictionary(dictionary) || IsNonConcurrentCollection(dictionary)))
        {
            return false;
        }

        var value = dictionary.TypeArguments[1].OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(value, SemaphoreSlim) ||
            SymbolEqualityComparer.Default.Equals(value, Lock) ||
            SymbolEqualityComparer.Default.Equals(value, ReaderWriterLockSlim) ||
            SymbolEqualityComparer.Default.Equals(value, Mutex) ||
            value.Name is "AsyncLock" or "AsyncReaderWriterLock";
    }

    /// <summary>Whether <paramref name="type"/> is a <c>ConcurrentDictionary&lt;TKey, TValue&gt;</c>.</summary>
    public bool IsConcurrentDictionary(ITypeSymbol? type) =>
        ConcurrentDictionary is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, ConcurrentDictionary);

    /// <summary>Whether <paramref name="type"/> is one of <c>System.Collections.Immutable</c>'s collections.</summary>
    public bool IsImmutableCollection(ITypeSymbol? type) =>
        IsInSystemCollectionsNamespace(type, "Immutable");

    /// <summary>Whether using <paramref name="type"/> (as a field type or a call target) shows that its user expects concurrency.</summary>
    public bool ShowsConcurrencyIntent(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && (_concurrencyIntentTypes.Contains(named.OriginalDefinition) || IsConcurrentCollection(named));

    /// <summary>
    /// Whether two separately computed values of <paramref name="type"/> are interchangeable: nobody can change them
    /// or tell two equal ones apart by identity (strings, primitives and enums, delegates, reflection objects, immutable
    /// collections, <c>Regex</c>, and tuples of those; not arrays, whose elements anyone can change). Two threads that both compute such a value lose only
    /// the time it took.
    /// </summary>
    public bool IsInterchangeableValue(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return false;
            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                return IsInterchangeableValue(nullable.TypeArguments[0]);
            case INamedTypeSymbol { IsTupleType: true } tuple:
                return tuple.TupleElements.All(element => IsInterchangeableValue(element.Type));
        }

        if (type.SpecialType is SpecialType.System_String or (>= SpecialType.System_Boolean and <= SpecialType.System_Double) ||
            type.TypeKind is TypeKind.Enum or TypeKind.Delegate ||
            IsImmutableCollection(type))
        {
            return true;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            var ns = current.ContainingNamespace?.ToDisplayString();
            if ((ns == "System" && current.Name is "Type" or "Delegate" or "MulticastDelegate" or "Version" or "Uri") ||
                ns == "System.Reflection" ||
                (ns == "System.Text.RegularExpressions" && current.Name == "Regex"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is <c>System.Type</c> or another reflection member: one object per member for the whole process.</summary>
    public bool IsReflectionObject(ITypeSymbol? type)
    {
        for (var current = type; current is not null && MemberInfo is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, MemberInfo))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a variable of <paramref name="type"/> holds per-thread or per-flow state.</summary>
    public bool IsThreadLocalContainer(ITypeSymbol? type) =>
        type is INamedTypeSymbol named &&
        (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ThreadLocal) ||
         SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, AsyncLocal));

    /// <summary>
    /// Whether <paramref name="type"/> is declared in <c>System.Collections.{innermost}</c>. Compared by name, not by
    /// symbol: a namespace spread over several reference assemblies is a different symbol in each.
    /// </summary>
    private static bool IsInSystemCollectionsNamespace(ITypeSymbol? type, string innermost) =>
        type?.ContainingNamespace is { Name: var name } inner && name == innermost &&
        inner.ContainingNamespace is { Name: "Collections" } collections &&
        collections.ContainingNamespace is { Name: "System" } system &&
        system.ContainingNamespace is { IsGlobalNamespace: true };

#pragma warning disable RS0030 // The one place that resolves types by metadata name.
    private static INamedTypeSymbol? Get(Compilation compilation, string metadataName) =>
        compilation.GetTypeByMetadataName(metadataName);
#pragma warning restore RS0030

    private static ImmutableHashSet<INamedTypeSymbol> Set(Compilation compilation, params string[] metadataNames)
    {
        var builder = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in metadataNames)
        {
            if (Get(compilation, name) is { } type)
            {
                builder.Add(type);
            }
        }

        return builder.ToImmutable();
    }
}
