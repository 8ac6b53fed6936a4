using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>The guards held at a point of the code, and whether that point runs on another thread than its method.</summary>
internal readonly struct GuardContext
{
    public GuardContext(ImmutableArray<GuardRegion> regions, bool runsConcurrently, IOperation executableRoot)
    {
        Regions = regions;
        RunsConcurrently = runsConcurrently;
        ExecutableRoot = executableRoot;
    }

    /// <summary>The regions that enclose the point, innermost first.</summary>
    public ImmutableArray<GuardRegion> Regions { get; }

    /// <summary>The point is inside a lambda handed to <c>Task.Run</c>, <c>Parallel</c>, a thread or a timer.</summary>
    public bool RunsConcurrently { get; }

    /// <summary>The body the point executes in: the method body, or the body of the handed-off lambda.</summary>
    public IOperation ExecutableRoot { get; }
}

/// <summary>Finds the guard regions that enclose an operation, for every guard form SPEC.md names.</summary>
internal static class GuardScanner
{
    public static GuardContext GetContext(IOperation operation, WellKnownTypes types, ISymbol owningSymbol)
    {
        var regions = ImmutableArray.CreateBuilder<GuardRegion>();
        var current = operation;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case ILockOperation lockOperation when current == lockOperation.Body:
                    regions.Add(new GuardRegion(GuardOf(lockOperation.LockedValue, GuardKind.Lock), lockOperation));
                    break;

                case IUsingOperation usingOperation when current == usingOperation.Body:
                    if (AcquiredByResource(usingOperation.Resources, types) is { } usingGuard)
                    {
                        regions.Add(new GuardRegion(usingGuard, usingOperation));
                    }

                    break;

                case ITryOperation tryOperation when current == tryOperation.Body && tryOperation.Finally is not null:
                    foreach (var guard in ReleasedInFinally(tryOperation.Finally, types))
                    {
                        regions.Add(new GuardRegion(guard, tryOperation));
                    }

                    break;

                case IBlockOperation block:
                    AddUsingDeclarationsBefore(block, current, types, regions);
                    break;

                case IAnonymousFunctionOperation or ILocalFunctionOperation when IsHandedOff(parent):
                    return new GuardContext(regions.ToImmutable(), runsConcurrently: true, parent);
            }

            current = parent;
        }

        if (owningSymbol is IMethodSymbol method && IsSynchronized(method, types))
        {
            var target = method.IsStatic ? GuardTargetKind.TypeOf : GuardTargetKind.This;
            var text = method.IsStatic ? $"typeof({method.ContainingType.Name})" : "this";
            regions.Add(new GuardRegion(new Guard(target, method.ContainingType, GuardKind.Synchronized, text), current));
        }

        return new GuardContext(regions.ToImmutable(), runsConcurrently: false, current);
    }

    /// <summary>The guard that locking on <paramref name="value"/> takes.</summary>
    public static Guard GuardOf(IOperation value, GuardKind kind)
    {
        value = value.WithoutConversions();
        var text = MessageText.Snippet(value.Syntax);
        return value switch
        {
            IFieldReferenceOperation field => new Guard(GuardTargetKind.Symbol, field.Field.OriginalDefinition, kind, text),
            IPropertyReferenceOperation { Arguments.Length: 0 } property => new Guard(GuardTargetKind.Symbol, property.Property.OriginalDefinition, kind, text),
            ILocalReferenceOperation local when LocalCopies.FieldCopiedInto(local) is { } field =>
                new Guard(GuardTargetKind.Symbol, field.OriginalDefinition, kind, field.Name),
            ILocalReferenceOperation local => new Guard(GuardTargetKind.Symbol, local.Local, kind, text),
            IParameterReferenceOperation parameter => new Guard(GuardTargetKind.Symbol, parameter.Parameter, kind, text),
            IInstanceReferenceOperation instance => new Guard(GuardTargetKind.This, instance.Type, kind, text),
            ITypeOfOperation typeOf => new Guard(GuardTargetKind.TypeOf, typeOf.TypeOperand, kind, text),
            _ => new Guard(GuardTargetKind.Unknown, null, kind, text),
        };
    }

    /// <summary>
    /// Whether <paramref name="reference"/> reads a lock object in order to take, leave or signal it: the operand of
    /// <c>lock</c>, or the object passed to <c>Monitor</c>. Reading the lock to lock it is never a data race, even when
    /// the object is also the data it protects (<c>lock (_items) { _items.Add(x); }</c>).
    /// </summary>
    public static bool IsLockOperand(IOperation reference, WellKnownTypes types)
    {
        var current = reference.WithEnclosingConversions();

        // lock (((ICollection)_items).SyncRoot): the collection is read to get its lock.
        if (current.Parent is IPropertyReferenceOperation { Property.Name: "SyncRoot" } syncRoot && syncRoot.Instance == current)
        {
            current = syncRoot.WithEnclosingConversions();
        }

        return current.Parent switch
        {
            ILockOperation lockOperation => lockOperation.LockedValue == current,
            IArgumentOperation { Parent: IInvocationOperation invocation } argument =>
                invocation.Arguments.Length > 0 && invocation.Arguments[0] == argument &&
                Is(invocation.TargetMethod.ContainingType, types.Monitor),
            _ => false,
        };
    }

    /// <summary>The guard an acquire call takes (<c>Monitor.Enter(x)</c>, <c>x.Wait()</c>, <c>x.EnterWriteLock()</c>, …), if it is one.</summary>
    public static Guard? AcquiredBy(IInvocationOperation invocation, WellKnownTypes types)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return null;
        }

        if (Is(type, types.Monitor) && method.Name is "Enter" or "TryEnter" && invocation.Arguments.Length > 0)
        {
            return GuardOf(invocation.Arguments[0].Value, GuardKind.Monitor);
        }

        if (invocation.Instance is not { } instance)
        {
            return null;
        }

        if (Is(type, types.SemaphoreSlim) && method.Name is "Wait" or "WaitAsync")
        {
            return GuardOf(instance, GuardKind.Semaphore);
        }

        if (Is(type, types.ReaderWriterLockSlim))
        {
            return method.Name switch
            {
                "EnterReadLock" or "TryEnterReadLock" => GuardOf(instance, GuardKind.ReadLock),
                "EnterUpgradeableReadLock" or "TryEnterUpgradeableReadLock" => GuardOf(instance, GuardKind.UpgradeableReadLock),
                "EnterWriteLock" or "TryEnterWriteLock" => GuardOf(instance, GuardKind.WriteLock),
                _ => null,
            };
        }

        if (Is(type, types.Lock) && method.Name is "Enter" or "TryEnter" or "EnterScope")
        {
            return GuardOf(instance, GuardKind.LockScope);
        }

        if (IsSessionLocks(type, types) && method.Name.StartsWith("Acquire", System.StringComparison.Ordinal))
        {
            return GuardOf(instance, GuardKind.SessionLock);
        }

        if (IsWellKnownAsyncLock(type) && method.Name is "LockAsync" or "Lock" or "ReaderLockAsync" or "WriterLockAsync" or "ReaderLock" or "WriterLock")
        {
            return GuardOf(instance, method.Name.StartsWith("Reader", System.StringComparison.Ordinal) ? GuardKind.ReadLock : GuardKind.AsyncLock);
        }

        if (types.LockHelpers.Acquires(method))
        {
            var guard = GuardOf(instance, GuardKind.LockHelper);
            return new Guard(guard.Target, guard.Symbol, GuardKind.LockHelper, $"{guard.Text}.{method.Name}()");
        }

        return null;
    }

    /// <summary>The guard a release call gives up (<c>Monitor.Exit(x)</c>, <c>x.Release()</c>, <c>x.ExitWriteLock()</c>, …), if it is one.</summary>
    public static Guard? ReleasedBy(IInvocationOperation invocation, WellKnownTypes types)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return null;
        }

        if (Is(type, types.Monitor) && method.Name == "Exit" && invocation.Arguments.Length > 0)
        {
            return GuardOf(invocation.Arguments[0].Value, GuardKind.Monitor);
        }

        if (invocation.Instance is not { } instance)
        {
            return null;
        }

        if (Is(type, types.SemaphoreSlim) && method.Name == "Release")
        {
            return GuardOf(instance, GuardKind.Semaphore);
        }

        if (Is(type, types.ReaderWriterLockSlim))
        {
            return method.Name switch
            {
                "ExitReadLock" => GuardOf(instance, GuardKind.ReadLock),
                "ExitUpgradeableReadLock" => GuardOf(instance, GuardKind.UpgradeableReadLock),
                "ExitWriteLock" => GuardOf(instance, GuardKind.WriteLock),
                _ => null,
            };
        }

        if (Is(type, types.Lock) && method.Name == "Exit")
        {
            return GuardOf(instance, GuardKind.LockScope);
        }

        return null;
    }

    /// <summary>Whether <paramref name="operation"/> is inside a lambda or local function handed to another thread or to later.</summary>
    public static bool RunsConcurrently(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation && IsHandedOff(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a lambda, local function or method group is handed to something that runs it on another thread or later.</summary>
    public static bool IsHandedOff(IOperation function)
    {
        var current = function.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        if (current is IEventAssignmentOperation)
        {
            // An event handler runs when the event fires, not while the subscriber holds its guard.
            return true;
        }

        if (current is not IArgumentOperation { Parent: { } call })
        {
            return false;
        }

        var method = call switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            _ => null,
        };

        var type = method?.ContainingType;
        if (type is null)
        {
            return false;
        }

        return (type.ContainingNamespace?.ToDisplayString(), type.Name, method!.Name) switch
        {
            ("System.Threading.Tasks", "Task", "Run" or "ContinueWith") => true,
            ("System.Threading.Tasks", "TaskFactory", "StartNew") => true,
            ("System.Threading.Tasks", "Parallel", _) => true,
            ("System.Threading", "ThreadPool", _) => true,
            ("System.Threading", "Thread", ".ctor") => true,
            ("System.Threading", "Timer", ".ctor") => true,
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="method"/> is <c>[MethodImpl(MethodImplOptions.Synchronized)]</c>: its body runs under <c>lock (this)</c> (or the type).</summary>
    public static bool IsSynchronized(IMethodSymbol method, WellKnownTypes types)
    {
        const int Synchronized = 0x20;
        foreach (var attribute in method.GetAttributes())
        {
            if (Is(attribute.AttributeClass, types.MethodImplAttribute) &&
                attribute.ConstructorArguments.Length == 1 &&
                attribute.ConstructorArguments[0].Value is int options &&
                (options & Synchronized) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private static Guard? AcquiredByResource(IOperation? resource, WellKnownTypes types)
    {
        while (resource is not null)
        {
            switch (resource)
            {
                case IConversionOperation conversion:
                    resource = conversion.Operand;
                    continue;
                case IAwaitOperation awaitOperation:
                    resource = awaitOperation.Operation;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaited }:
                    resource = awaited;
                    continue;
                case IVariableDeclarationGroupOperation group when group.Declarations.Length == 1 && group.Declarations[0].Declarators.Length == 1:
                    resource = group.Declarations[0].Declarators[0].Initializer?.Value;
                    continue;
                case IInvocationOperation invocation:
                    return AcquiredBy(invocation, types);
                default:
                    return null;
            }
        }

        return null;
    }

    private static void AddUsingDeclarationsBefore(IBlockOperation block, IOperation current, WellKnownTypes types, ImmutableArray<GuardRegion>.Builder regions)
    {
        foreach (var statement in block.Operations)
        {
            if (statement == current)
            {
                return;
            }

            if (statement is IUsingDeclarationOperation declaration && AcquiredByResource(declaration.DeclarationGroup, types) is { } guard)
            {
                regions.Add(new GuardRegion(guard, declaration));
            }
        }
    }

    private static ImmutableArray<Guard> ReleasedInFinally(IBlockOperation finallyBlock, WellKnownTypes types)
    {
        var guards = ImmutableArray<Guard>.Empty;
        foreach (var operation in finallyBlock.Descendants())
        {
            if (operation is IInvocationOperation invocation &&
                (ReleasedBy(invocation, types) ?? ReleaserDisposedBy(invocation, types)) is { } guard)
            {
                guards = guards.Add(guard);
            }
        }

        return guards;
    }

    /// <summary>
    /// <c>releaser.Dispose()</c> where <c>releaser</c> came out of a lock helper's try-acquire
    /// (<c>if (_mutex.TryAcquire(out var releaser)) try { … } finally { releaser.Dispose(); }</c>): the helper's lock.
    /// </summary>
    private static Guard? ReleaserDisposedBy(IInvocationOperation invocation, WellKnownTypes types)
    {
        if (invocation is not { TargetMethod.Name: "Dispose", Arguments.IsEmpty: true, Instance: ILocalReferenceOperation releaser })
        {
            return null;
        }

        var root = invocation.Root();

        foreach (var operation in root.Descendants())
        {
            if (operation is IInvocationOperation { Instance: { } instance } tryAcquire &&
                tryAcquire.TargetMethod.Name.StartsWith("Try", System.StringComparison.Ordinal) &&
                tryAcquire.Arguments.Any(a => a.Parameter?.RefKind == RefKind.Out && a.Value.WithoutConversions() is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation local } && SymbolEqualityComparer.Default.Equals(local.Local, releaser.Local)) &&
                tryAcquire.TargetMethod.ContainingType.GetMembers().OfType<IMethodSymbol>().Any(types.LockHelpers.Acquires))
            {
                var guard = GuardOf(instance, GuardKind.LockHelper);
                return new Guard(guard.Target, guard.Symbol, GuardKind.LockHelper, $"{guard.Text}.{tryAcquire.TargetMethod.Name}()");
            }
        }

        return null;
    }

    private static bool IsSessionLocks(INamedTypeSymbol type, WellKnownTypes types) =>
        Is(type, types.SessionLocks) || (type.Name == "SessionLocks" && type.Arity == 1);

    private static bool IsWellKnownAsyncLock(INamedTypeSymbol type) =>
        type.Name is "AsyncLock" or "AsyncReaderWriterLock" or "AsyncSemaphore";

    private static bool Is(ITypeSymbol? type, ITypeSymbol? wellKnown) =>
        wellKnown is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, wellKnown);
}
