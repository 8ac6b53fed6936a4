using System.Collections.Generic;
using Guarded.Analyzers.Lifecycle;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Hygiene;

/// <summary>
/// The locks a thread holds at one operation, for the rules about waiting: the guard regions around it
/// (<see cref="GuardScanner.GetContext"/>: <c>lock</c>, <c>try/finally</c> releases, <c>using</c> scopes, synchronized
/// methods, the code around a lambda that runs in place) and explicit acquires earlier in its own function that are not
/// yet released (<c>Monitor.Enter(_gate); … Monitor.Wait(_gate);</c>, see <see cref="LockFlow"/>).
/// </summary>
internal static class HeldLocks
{
    /// <summary>
    /// Every guard held at <paramref name="operation"/>, with the syntax that takes it (null for a synchronized method
    /// or a <c>try/finally</c> region); null when the code is too incomplete to tell which member runs it.
    /// </summary>
    public static List<(Guard Guard, SyntaxNode? TakenBy)>? At(IOperation operation, WellKnownTypes types)
    {
        if (OwningMember(operation) is not { } owner)
        {
            return null;
        }

        var held = new List<(Guard Guard, SyntaxNode? TakenBy)>();
        var context = GuardScanner.GetContext(operation, types, owner);
        foreach (var region in context.Regions)
        {
            held.Add((region.Guard, TakenBy(region.Owner)));
        }

        var function = LockFlow.FunctionOf(operation);
        var acquired = new List<(Guard Guard, SyntaxNode? TakenBy)>();
        foreach (var earlier in LockFlow.OwnOperations(function))
        {
            if (earlier.Syntax.SpanStart >= operation.Syntax.SpanStart)
            {
                break;
            }

            if (earlier is not IInvocationOperation invocation)
            {
                continue;
            }

            if (LockFlow.ExplicitAcquire(invocation, types) is { } guard)
            {
                acquired.Add((guard, invocation.Syntax));
            }
            else if (GuardScanner.ReleasedBy(invocation, types) is { } released)
            {
                acquired.RemoveAll(entry => entry.Guard.Equals(released));
            }
        }

        held.AddRange(acquired);
        return held;
    }

    /// <summary>
    /// The member whose body runs <paramref name="operation"/>: the method, accessor or constructor, not the lambda or
    /// local function it sits in. Null when the semantic model cannot tell (partial code).
    /// </summary>
    public static ISymbol? OwningMember(IOperation operation)
    {
        var symbol = operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }

    /// <summary>Whether the guard is a lock a thread owns while it runs (a monitor, <c>System.Threading.Lock</c>, a reader/writer section): blocking under it stalls every thread that needs it.</summary>
    public static bool IsThreadLock(Guard guard) =>
        guard.Kind is GuardKind.Lock or GuardKind.Monitor or GuardKind.Synchronized or GuardKind.LockScope or
            GuardKind.ReadLock or GuardKind.UpgradeableReadLock or GuardKind.WriteLock;

    /// <summary>The part of a region's owner that names the lock: the locked value of a <c>lock</c>, the acquire of a <c>using</c>, the whole <c>try</c> otherwise.</summary>
    private static SyntaxNode? TakenBy(IOperation owner) => owner switch
    {
        ILockOperation lockOperation => lockOperation.LockedValue.Syntax,
        IUsingOperation usingOperation => usingOperation.Resources.Syntax,
        IUsingDeclarationOperation declaration => declaration.Syntax,
        ITryOperation => null,
        IMethodBodyOperation or IBlockOperation => null,
        _ => owner.Syntax,
    };
}
