using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>
/// The guards the user declares with <c>[GuardedBy("_gate")]</c> and <c>[RequiresGuard("_gate")]</c> (usually
/// written with <c>nameof</c>), resolved to the same <see cref="Guard"/> a <c>lock (_gate)</c> in the type takes.
/// </summary>
internal static class DeclaredGuards
{
    /// <summary>The guard names <paramref name="symbol"/>'s <paramref name="attributeName"/> attributes give (their string arguments).</summary>
    public static IEnumerable<string> NamesOf(ISymbol symbol, string attributeName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.Name != attributeName)
            {
                continue;
            }

            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Primitive && argument.Value is string name && name.Length > 0)
                {
                    yield return name;
                }
            }
        }
    }

    /// <summary>
    /// The guard named <paramref name="name"/> in <paramref name="type"/>: a field or property of the type or its
    /// bases, or <c>this</c>. Its kind is the form a fix should take: a lock, a semaphore, a read-write lock, ….
    /// </summary>
    public static Guard? Resolve(INamedTypeSymbol type, WellKnownTypes types, string name)
    {
        if (name == "this")
        {
            return new Guard(GuardTargetKind.This, type.OriginalDefinition, GuardKind.Lock, "this");
        }

        for (var current = type.OriginalDefinition; current is not null; current = current.BaseType?.OriginalDefinition)
        {
            foreach (var member in current.GetMembers(name))
            {
                var memberType = member switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };

                if (memberType is not null)
                {
                    return new Guard(GuardTargetKind.Symbol, member.OriginalDefinition, KindFor(memberType, types), name);
                }
            }
        }

        return null;
    }

    /// <summary>The guards <paramref name="member"/> (a method, or an accessor of a property) declares with <c>[RequiresGuard]</c>.</summary>
    public static ImmutableHashSet<Guard> RequiredBy(ISymbol member, INamedTypeSymbol type, WellKnownTypes types)
    {
        var result = ImmutableHashSet<Guard>.Empty;
        var symbols = member is IMethodSymbol { AssociatedSymbol: { } associated } ? new[] { member, associated } : new[] { member };
        foreach (var symbol in symbols)
        {
            foreach (var name in NamesOf(symbol.OriginalDefinition, Annotations.RequiresGuard))
            {
                if (Resolve(type, types, name) is { } guard)
                {
                    result = result.Add(guard);
                }
            }
        }

        return result;
    }

    private static GuardKind KindFor(ITypeSymbol type, WellKnownTypes types)
    {
        var definition = type.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(definition, types.SemaphoreSlim))
        {
            return GuardKind.Semaphore;
        }

        if (SymbolEqualityComparer.Default.Equals(definition, types.ReaderWriterLockSlim))
        {
            return GuardKind.WriteLock;
        }

        if ((types.SessionLocks is not null && SymbolEqualityComparer.Default.Equals(definition, types.SessionLocks)) ||
            (definition.Name == "SessionLocks" && definition is INamedTypeSymbol { Arity: 1 }))
        {
            return GuardKind.SessionLock;
        }

        return definition.Name is "AsyncLock" or "AsyncReaderWriterLock" or "AsyncSemaphore" ? GuardKind.AsyncLock : GuardKind.Lock;
    }
}

/// <summary>A call, from the analysed type, to one of its own members that declares <c>[RequiresGuard]</c>.</summary>
internal sealed class RequiredGuardCall
{
    public RequiredGuardCall(IInvocationOperation invocation, ISymbol caller, GuardContext context, bool inConstructor)
    {
        Invocation = invocation;
        Caller = caller;
        Context = context;
        InConstructor = inConstructor;
    }

    public IInvocationOperation Invocation { get; }

    public IMethodSymbol Callee => Invocation.TargetMethod.OriginalDefinition;

    public ISymbol Caller { get; }

    public GuardContext Context { get; }

    /// <summary>The call runs during construction, before the object can be shared.</summary>
    public bool InConstructor { get; }

    /// <summary>The call is on <c>this</c> (or static), so it needs this instance's guard.</summary>
    public bool IsOnOwnInstance =>
        Invocation.TargetMethod.IsStatic || Invocation.Instance is null || Invocation.Instance.WithoutConversions() is IInstanceReferenceOperation;
}
