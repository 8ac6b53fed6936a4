using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>
/// One place where the type's code takes a monitor lock: a <c>lock</c> statement, or a <c>Monitor.Enter</c>/<c>TryEnter</c>
/// call, with the object it locks as written and the guards already held around it.
/// </summary>
internal sealed class LockAcquisition
{
    public LockAcquisition(IOperation operation, IOperation lockedValue, ISymbol member, GuardContext context)
    {
        Operation = operation;
        LockedValue = lockedValue;
        Member = member;
        Context = context;
    }

    /// <summary>The <see cref="ILockOperation"/> or the <c>Monitor.Enter</c>/<c>TryEnter</c> <see cref="IInvocationOperation"/>.</summary>
    public IOperation Operation { get; }

    /// <summary>
    /// The locked object with the conversions the compiler put around it: a boxing conversion stays visible
    /// (<c>Monitor.Enter(_count)</c> locks a new box of <c>_count</c>).
    /// </summary>
    public IOperation LockedValue { get; }

    /// <summary>The member whose code takes the lock (a method, accessor, constructor, or a field for initializers).</summary>
    public ISymbol Member { get; }

    /// <summary>The guards held where the lock is taken (not the lock itself, for a <c>lock</c> statement).</summary>
    public GuardContext Context { get; }

    /// <summary>Whether the lock is taken with a <c>lock</c> statement rather than a <c>Monitor</c> call.</summary>
    public bool IsLockStatement => Operation is ILockOperation;

    /// <summary>The acquisition <paramref name="operation"/> makes, if it is one, in <paramref name="member"/>'s code.</summary>
    public static LockAcquisition? From(IOperation operation, WellKnownTypes types, ISymbol member)
    {
        switch (operation)
        {
            case ILockOperation lockOperation when lockOperation.LockedValue is { } locked:
                return new LockAcquisition(lockOperation, locked, member, GuardScanner.GetContext(lockOperation, types, member));

            case IInvocationOperation { TargetMethod: { Name: "Enter" or "TryEnter" } method, Arguments: { Length: > 0 } arguments } invocation
                when types.Monitor is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, types.Monitor):
                var argument = arguments[0].Parameter?.Ordinal == 0 ? arguments[0] : FirstParameterArgument(invocation);
                return argument is null
                    ? null
                    : new LockAcquisition(invocation, argument.Value, member, GuardScanner.GetContext(invocation, types, member));

            default:
                return null;
        }
    }

    /// <summary>The argument for the first parameter, wherever named arguments put it.</summary>
    private static IArgumentOperation? FirstParameterArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return argument;
            }
        }

        return null;
    }
}
