using System.Collections.Generic;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Lifecycle;

/// <summary>
/// Flow facts about explicit acquire and release calls within one function body (a method, a lambda or a local
/// function): which acquire a release pairs with, whether the release is protected by a <c>finally</c>, where
/// awaits sit relative to them.
/// </summary>
internal static class LockFlow
{
    /// <summary>The body of the function that <paramref name="operation"/> executes in: the nearest lambda or local function, else the root.</summary>
    public static IOperation FunctionOf(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return parent;
            }

            current = parent;
        }

        return current;
    }

    /// <summary>The operations of <paramref name="function"/>'s own body, in source order, not descending into nested functions.</summary>
    public static IEnumerable<IOperation> OwnOperations(IOperation function)
    {
        var stack = new Stack<IOperation>();
        stack.Push(function);
        var result = new List<IOperation>();
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            result.Add(current);
            foreach (var child in current.ChildOperations)
            {
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }

                stack.Push(child);
            }
        }

        return result.Where(o => o != function).OrderBy(o => o.Syntax.SpanStart).ThenByDescending(o => o.Syntax.Span.Length);
    }

    /// <summary>The explicit acquires the lifecycle rules pair with releases: <c>Monitor.Enter/TryEnter</c>, semaphore waits, reader/writer lock entries, <c>Lock.Enter/TryEnter</c>.</summary>
    public static Guard? ExplicitAcquire(IInvocationOperation invocation, WellKnownTypes types)
    {
        if (GuardScanner.AcquiredBy(invocation, types) is not { } guard || guard.Target == GuardTargetKind.Unknown)
        {
            return null;
        }

        return guard.Kind switch
        {
            GuardKind.Monitor or GuardKind.Semaphore or GuardKind.ReadLock or GuardKind.UpgradeableReadLock or GuardKind.WriteLock => guard,
            GuardKind.LockScope when invocation.TargetMethod.Name != "EnterScope" => guard,
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="guard"/> is thread-affine: its release must run on the thread that acquired it.</summary>
    public static bool IsThreadAffine(Guard guard) =>
        guard.Kind is GuardKind.Monitor or GuardKind.ReadLock or GuardKind.UpgradeableReadLock or GuardKind.WriteLock or GuardKind.LockScope;

    /// <summary>Whether <paramref name="invocation"/> releases <paramref name="guard"/>.</summary>
    public static bool Releases(IInvocationOperation invocation, Guard guard, WellKnownTypes types) =>
        GuardScanner.ReleasedBy(invocation, types) is { } released && released.Equals(guard);

    /// <summary>The <c>try</c> whose <c>finally</c> block contains <paramref name="operation"/>, looking no further out than <paramref name="function"/>.</summary>
    public static ITryOperation? EnclosingFinally(IOperation operation, IOperation function)
    {
        var current = operation;
        while (current.Parent is { } parent && current != function)
        {
            if (parent is ITryOperation tryOperation && current == tryOperation.Finally)
            {
                return tryOperation;
            }

            current = parent;
        }

        return null;
    }

    /// <summary>Whether the <c>finally</c> block of <paramref name="tryOperation"/> releases <paramref name="guard"/>.</summary>
    public static bool FinallyReleases(ITryOperation tryOperation, Guard guard, WellKnownTypes types)
    {
        if (tryOperation.Finally is null)
        {
            return false;
        }

        foreach (var operation in tryOperation.Finally.Descendants())
        {
            if (operation is IInvocationOperation invocation && Releases(invocation, guard, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the acquire is protected by a <c>finally</c> that releases its guard: it sits in the body of such a
    /// <c>try</c>, or its statement is followed (after at most a few exiting checks such as
    /// <c>if (!acquired) return;</c>) by such a <c>try</c>, or it is the condition of an <c>if</c> whose body starts with one.
    /// </summary>
    public static bool IsProtected(IInvocationOperation acquire, Guard guard, IOperation function, WellKnownTypes types)
    {
        IOperation current = acquire;
        while (current.Parent is { } parent && current != function)
        {
            if (parent is ITryOperation tryOperation && current == tryOperation.Body && FinallyReleases(tryOperation, guard, types))
            {
                return true;
            }

            current = parent;
        }

        if (StatementOf(acquire, function) is not { } statement || statement.Parent is not IBlockOperation block)
        {
            return false;
        }

        if (statement is IConditionalOperation conditional && acquire.IsWithin(conditional.Condition) &&
            FirstStatement(conditional.WhenTrue) is ITryOperation bodyTry && FinallyReleases(bodyTry, guard, types))
        {
            return true;
        }

        var index = IndexOf(block, statement);
        for (var i = index + 1; i < block.Operations.Length; i++)
        {
            var next = block.Operations[i];
            if (next is ITryOperation tryOperation)
            {
                return FinallyReleases(tryOperation, guard, types);
            }

            if (next is IConditionalOperation { WhenFalse: null } exitCheck && exitCheck.WhenTrue.AlwaysExits() &&
                !exitCheck.Condition.DescendantsAndSelf().Any(o => o is IInvocationOperation))
            {
                continue;
            }

            return false;
        }

        return false;
    }

    /// <summary>The statement of a block that contains <paramref name="operation"/>, no further out than <paramref name="function"/>.</summary>
    public static IOperation? StatementOf(IOperation operation, IOperation function)
    {
        var current = operation;
        while (current.Parent is { } parent && current != function)
        {
            if (parent is IBlockOperation)
            {
                return current;
            }

            current = parent;
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="earlier"/> always runs before <paramref name="later"/> when both run: they are in one
    /// block in that order, or <paramref name="earlier"/> is in a <c>try</c> body or <c>catch</c> and <paramref name="later"/>
    /// in its <c>finally</c>; not when they sit in different branches of one conditional.
    /// </summary>
    public static bool RunsBefore(IOperation earlier, IOperation later)
    {
        if (earlier.Syntax.Span.End > later.Syntax.SpanStart)
        {
            return false;
        }

        var ancestorsOfEarlier = new HashSet<IOperation>();
        for (var current = earlier; current is not null; current = current.Parent)
        {
            ancestorsOfEarlier.Add(current);
        }

        for (var current = later.Parent; current is not null; current = current.Parent)
        {
            if (ancestorsOfEarlier.Contains(current))
            {
                return current is IBlockOperation or ITryOperation or IMethodBodyOperation;
            }
        }

        return false;
    }

    private static IOperation? FirstStatement(IOperation? operation) => operation switch
    {
        IBlockOperation { Operations.Length: > 0 } block => block.Operations[0],
        IBlockOperation => null,
        _ => operation,
    };

    private static int IndexOf(IBlockOperation block, IOperation statement)
    {
        for (var i = 0; i < block.Operations.Length; i++)
        {
            if (block.Operations[i] == statement)
            {
                return i;
            }
        }

        return -1;
    }
}
