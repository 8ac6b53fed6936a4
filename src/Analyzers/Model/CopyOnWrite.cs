using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>Which uses of a collection or array field may change the object it holds (as opposed to replacing it).</summary>
internal static class CopyOnWrite
{
    /// <summary>
    /// Whether the use at <paramref name="reference"/> may change the collection or array in place. Calls count as
    /// changes unless they are known to only read; the object passed to a parameter that is not a read-only view
    /// (<c>IEnumerable</c>, <c>IReadOnly…</c>) may be changed by the callee.
    /// </summary>
    public static bool MayChangeInPlace(IFieldReferenceOperation reference) => MayChangeInPlace(reference, depth: 0);

    private static bool MayChangeInPlace(IOperation value, int depth)
    {
        var use = value.WithEnclosingConversions();

        switch (use.Parent)
        {
            case IAssignmentOperation assignment when assignment.Target == use:
                // Replacing the whole field is the copy-on-write step itself.
                return false;

            case IInvocationOperation invocation when invocation.Instance == use:
                return !IsReadOnlyMethod(invocation.TargetMethod.Name);

            case IPropertyReferenceOperation property when property.Instance == use:
                return property.Property.IsIndexer
                    ? IsWriteTarget(property)
                    : IsWriteTarget(property) || property.Property.Name is not ("Count" or "Keys" or "Values" or "Comparer" or "Capacity" or "Length" or "IsReadOnly");

            case IArrayElementReferenceOperation element when element.ArrayReference == use:
                return IsWriteTarget(element);

            case IArgumentOperation { Parent: IObjectCreationOperation creation } when IsCollectionType(creation.Type):
                // 'new List<T>(_items)' copies from it.
                return false;

            case IArgumentOperation { Parent: IInvocationOperation swap } argument when IsAtomicSwap(swap, argument):
                return false;

            case IArgumentOperation argument:
                return argument.Parameter is not { RefKind: RefKind.None } parameter || !IsReadOnlyView(parameter.Type);

            case IConditionalAccessOperation conditional when conditional.Operation == use:
                foreach (var instance in conditional.WhenNotNull.DescendantsAndSelf())
                {
                    if (instance is IConditionalAccessInstanceOperation && MayChangeInPlace(instance, depth))
                    {
                        return true;
                    }
                }

                return false;

            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when depth == 0:
                // 'var snapshot = _items;': what the local's uses do, the field's object undergoes.
                return LocalMayChange(declarator.Symbol, declarator);

            case IReturnOperation:
                // Handed to the caller: only a read-only view keeps it unchanged.
                return use.Type is null || !IsReadOnlyView(use.Type);

            case IForEachLoopOperation:
            case IBinaryOperation:
            case IIsPatternOperation:
            case IIsTypeOperation:
            case ICoalesceOperation:
                return false;

            default:
                // Stored, passed on, or used in a way not listed: whoever gets it may change it.
                return true;
        }
    }

    /// <summary>
    /// Whether the write at <paramref name="reference"/> stores an object that came from elsewhere (a parameter, a
    /// call) rather than one built here: its creator may still hold and change it, so it is no snapshot.
    /// </summary>
    public static bool StoresForeignObject(IFieldReferenceOperation reference)
    {
        IOperation? value = reference.Parent switch
        {
            ISimpleAssignmentOperation assignment when assignment.Target == reference => assignment.Value,
            IArgumentOperation { Parent: IInvocationOperation swap } argument when IsAtomicSwap(swap, argument) => swap.Arguments[1].Value,
            _ => null,
        };

        return value is not null && !IsFresh(value);
    }

    /// <summary>A new object: a creation, a collection expression, a copying call (<c>ToList</c>, <c>ToArray</c>, …), or a local that holds one.</summary>
    private static bool IsFresh(IOperation value)
    {
        value = value.WithoutConversions();
        switch (value)
        {
            case IObjectCreationOperation or IArrayCreationOperation or IAnonymousObjectCreationOperation:
                return true;
            case IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray" or "ToDictionary" or "ToHashSet" or "ToLookup" or "Clone" }:
                return true;
            case ILocalReferenceOperation local:
                var root = value.Root();

                foreach (var operation in root.Descendants())
                {
                    if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local))
                    {
                        return declarator.Initializer?.Value is { } initializer && IsFresh(initializer);
                    }
                }

                return false;
            default:
                return value.Syntax.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.CollectionExpression);
        }
    }

    /// <summary><c>Interlocked.Exchange(ref _f, v)</c> or <c>Interlocked.CompareExchange(ref _f, v, old)</c> on the field: a whole replacement.</summary>
    private static bool IsAtomicSwap(IInvocationOperation invocation, IArgumentOperation argument) =>
        invocation.TargetMethod is { Name: "Exchange" or "CompareExchange", ContainingType.Name: "Interlocked" } &&
        invocation.Arguments.Length >= 2 && invocation.Arguments[0] == argument;

    private static bool IsCollectionType(ITypeSymbol? type) =>
        type?.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System.Collections" or "System.Collections.ObjectModel";

    private static bool LocalMayChange(ILocalSymbol local, IOperation declaration)
    {
        var root = declaration.Root();

        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                (IsWriteTarget(reference) || MayChangeInPlace(reference, depth: 1)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsReadOnlyMethod(string name) => name is
        "TryGetValue" or "ContainsKey" or "ContainsValue" or "Contains" or "GetValueOrDefault" or "GetEnumerator" or
        "ToArray" or "CopyTo" or "IndexOf" or "LastIndexOf" or "BinarySearch" or "Find" or "FindIndex" or "FindLast" or
        "FindLastIndex" or "FindAll" or "Exists" or "TrueForAll" or "GetRange" or "ConvertAll" or "AsReadOnly" or "Peek" or
        "TryPeek" or "Clone" or "ToString" or "Equals" or "GetHashCode" or "GetType" or "IsSubsetOf" or "IsSupersetOf" or
        "IsProperSubsetOf" or "IsProperSupersetOf" or "Overlaps" or "SetEquals" or "GetLength" or "GetValue";

    private static bool IsReadOnlyView(ITypeSymbol type)
    {
        if (type.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_IEnumerable or
            SpecialType.System_Collections_Generic_IReadOnlyCollection_T or SpecialType.System_Collections_Generic_IReadOnlyList_T or SpecialType.System_Object)
        {
            return true;
        }

        return type.Name is "IReadOnlyDictionary" or "IReadOnlySet" or "ReadOnlySpan" or "ReadOnlyMemory";
    }

    private static bool IsWriteTarget(IOperation operation) =>
        operation.IsAssignedOrIncremented() || operation.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out };
}
