using System;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Model;

/// <summary>How a guard is taken: the form a fix must reproduce to take the same guard.</summary>
internal enum GuardKind
{
    /// <summary><c>lock (x)</c>, on an object or a <c>System.Threading.Lock</c>.</summary>
    Lock,

    /// <summary><c>Monitor.Enter/TryEnter … finally Monitor.Exit</c>.</summary>
    Monitor,

    /// <summary><c>SemaphoreSlim.Wait/WaitAsync … finally Release</c>.</summary>
    Semaphore,

    /// <summary>A <c>ReaderWriterLockSlim</c> read section: guards reads only.</summary>
    ReadLock,

    /// <summary>A <c>ReaderWriterLockSlim</c> upgradeable read section.</summary>
    UpgradeableReadLock,

    /// <summary>A <c>ReaderWriterLockSlim</c> write section.</summary>
    WriteLock,

    /// <summary><c>System.Threading.Lock.Enter/EnterScope</c> outside a <c>lock</c> statement.</summary>
    LockScope,

    /// <summary><c>[MethodImpl(MethodImplOptions.Synchronized)]</c>.</summary>
    Synchronized,

    /// <summary>A <c>using</c> scope of a <c>SessionLocks</c> handle.</summary>
    SessionLock,

    /// <summary>A <c>using</c> scope of a well-known async lock (<c>AsyncLock.LockAsync</c> and the like).</summary>
    AsyncLock,

    /// <summary>
    /// A <c>using</c> scope of a lock helper of the compilation: a method that takes a lock and returns the disposable
    /// that releases it (<c>using (await _mutex.AcquireAsync())</c>). No fix writes it: its form is the helper's own.
    /// </summary>
    LockHelper,
}

/// <summary>What a guard locks on.</summary>
internal enum GuardTargetKind
{
    /// <summary>A field, property, local or parameter that holds the lock object.</summary>
    Symbol,

    /// <summary><c>this</c>.</summary>
    This,

    /// <summary><c>typeof(T)</c>.</summary>
    TypeOf,

    /// <summary>An expression the model cannot name; never equal to another guard.</summary>
    Unknown,
}

/// <summary>
/// A guard object: two regions hold the same guard when they lock the same field (or <c>this</c>, or the same
/// <c>typeof</c>). The kind is not part of the identity: a read and a write section of one lock are one guard.
/// </summary>
internal readonly struct Guard : IEquatable<Guard>
{
    public Guard(GuardTargetKind target, ISymbol? symbol, GuardKind kind, string text)
    {
        Target = target;
        Symbol = symbol;
        Kind = kind;
        Text = text;
    }

    public GuardTargetKind Target { get; }

    /// <summary>The lock object's symbol, or the type for <c>this</c> and <c>typeof</c>.</summary>
    public ISymbol? Symbol { get; }

    public GuardKind Kind { get; }

    /// <summary>The guard object as written, e.g. <c>_gate</c>, <c>this</c>, <c>typeof(Registry)</c>.</summary>
    public string Text { get; }

    /// <summary>How the guard reads in a message, e.g. <c>lock (_gate)</c> or <c>_semaphore.WaitAsync()</c>.</summary>
    public string Describe() => Kind switch
    {
        GuardKind.Lock => $"lock ({Text})",
        GuardKind.Monitor => $"Monitor.Enter({Text})",
        GuardKind.Semaphore => $"{Text}.Wait/WaitAsync",
        GuardKind.ReadLock => $"{Text}.EnterReadLock()",
        GuardKind.UpgradeableReadLock => $"{Text}.EnterUpgradeableReadLock()",
        GuardKind.WriteLock => $"{Text}.EnterWriteLock()",
        GuardKind.LockScope => $"{Text}.EnterScope()",
        GuardKind.Synchronized => "[MethodImpl(MethodImplOptions.Synchronized)]",
        GuardKind.SessionLock => $"{Text}.Acquire",
        GuardKind.AsyncLock => $"{Text}.LockAsync()",
        GuardKind.LockHelper => Text,
        _ => Text,
    };

    public bool Equals(Guard other) =>
        Target != GuardTargetKind.Unknown &&
        Target == other.Target &&
        SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol);

    public override bool Equals(object? obj) => obj is Guard other && Equals(other);

    public override int GetHashCode() => ((int)Target * 397) ^ SymbolEqualityComparer.Default.GetHashCode(Symbol);
}

/// <summary>One place in the code where a guard is held: a <c>lock</c> body, a <c>try</c> body whose <c>finally</c> releases, a <c>using</c> scope.</summary>
internal sealed class GuardRegion
{
    public GuardRegion(Guard guard, IOperation owner)
    {
        Guard = guard;
        Owner = owner;
    }

    public Guard Guard { get; }

    /// <summary>The operation that opens the region; two accesses share a region when they share this operation.</summary>
    public IOperation Owner { get; }
}
