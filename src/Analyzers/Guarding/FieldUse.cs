using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Guarding;

/// <summary>What one access does to a field's state.</summary>
internal enum FieldUseKind
{
    /// <summary>Reads the field (or, for a collection, reads the collection's contents).</summary>
    Read,

    /// <summary>Assigns the field, increments it, passes it by <c>ref</c>/<c>out</c>, or changes the collection it holds.</summary>
    Write,

    /// <summary>An <c>Interlocked</c> or <c>Volatile</c> access: atomic on its own, needs no guard.</summary>
    Atomic,
}

/// <summary>Classifies field accesses for the guarding rules.</summary>
internal static class FieldUse
{
    /// <summary>Whether <paramref name="access"/> reads, writes or atomically accesses its field.</summary>
    public static FieldUseKind Classify(FieldAccess access, WellKnownTypes types)
    {
        var reference = access.Operation;
        switch (reference.Parent)
        {
            case IAssignmentOperation assignment when assignment.Target == reference:
            case IIncrementOrDecrementOperation:
                return FieldUseKind.Write;

            case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                if (types.IsAtomics(invocation.TargetMethod.ContainingType))
                {
                    return FieldUseKind.Atomic;
                }

                if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
                {
                    return FieldUseKind.Write;
                }

                break;

            case ITupleOperation { Parent: IDeconstructionAssignmentOperation deconstruction } tuple when deconstruction.Target == tuple:
                return FieldUseKind.Write;

            case IMemberReferenceOperation member when member.Instance == reference && access.Field.Type.IsValueType && member.IsAssignedOrIncremented():
                return FieldUseKind.Write;

            // An element store changes the array the field holds, as an indexer set changes a list.
            case IArrayElementReferenceOperation element when element.ArrayReference == reference:
                if (element.Parent is IArgumentOperation { Parent: IInvocationOperation elementCall } && types.IsAtomics(elementCall.TargetMethod.ContainingType))
                {
                    return FieldUseKind.Atomic;
                }

                if (element.IsAssignedOrIncremented())
                {
                    return FieldUseKind.Write;
                }

                break;
        }

        if (types.IsNonConcurrentCollection(access.Field.Type))
        {
            var operation = CollectionOperation.Classify(reference);
            if (operation.Kind == CollectionOperationKind.Act ||
                (reference.Parent is IInvocationOperation { TargetMethod.Name: "Sort" or "Reverse" } call && call.Instance == reference))
            {
                return FieldUseKind.Write;
            }
        }

        return FieldUseKind.Read;
    }

    /// <summary>Whether <paramref name="access"/> uses the field's value itself (compares, returns, passes it), not a member of the object it holds.</summary>
    public static bool IsValueUse(FieldAccess access)
    {
        var reference = access.Operation;
        return reference.Parent switch
        {
            IInvocationOperation invocation => invocation.Instance != reference,
            IMemberReferenceOperation member => member.Instance != reference,
            _ => true,
        };
    }

    /// <summary>
    /// Whether <paramref name="access"/> enumerates the collection its field holds: <c>foreach</c>, LINQ or any
    /// other <c>IEnumerable</c> parameter, <c>Keys</c>/<c>Values</c> used that way, <c>ToArray</c>, <c>CopyTo</c>,
    /// <c>ForEach</c>, <c>GetEnumerator</c>, ….
    /// </summary>
    public static bool IsEnumeration(FieldAccess access)
    {
        IOperation target = access.Operation;
        if (target.Parent is IPropertyReferenceOperation { Property.Name: "Keys" or "Values" } view && view.Instance == target)
        {
            target = view;
        }

        return IsEnumerated(target);
    }

    /// <summary>The expression an enumeration reads: the field reference, or its <c>Keys</c>/<c>Values</c> view.</summary>
    public static IOperation EnumeratedExpression(FieldAccess access) =>
        access.Operation.Parent is IPropertyReferenceOperation { Property.Name: "Keys" or "Values" } view && view.Instance == access.Operation
            ? view
            : access.Operation;

    /// <summary>How an enumeration reads in a message: <c>foreach</c>, <c>ToList</c>, <c>foreach over Values</c>.</summary>
    public static string DescribeEnumeration(FieldAccess access)
    {
        var target = EnumeratedExpression(access);
        var current = target.WithEnclosingConversions();

        var how = current.Parent switch
        {
            IForEachLoopOperation => "foreach",
            IArgumentOperation { Parent: IInvocationOperation invocation } => invocation.TargetMethod.Name,
            IArgumentOperation { Parent: IObjectCreationOperation creation } => "new " + creation.Type?.Name,
            IInvocationOperation invocation => invocation.TargetMethod.Name,
            _ => "enumeration",
        };

        return target is IPropertyReferenceOperation view ? $"{how} over {view.Property.Name}" : how;
    }

    private static bool IsEnumerated(IOperation operation)
    {
        var current = operation.WithEnclosingConversions();

        return current.Parent switch
        {
            IForEachLoopOperation loop => loop.Collection == current,
            IArgumentOperation { Parameter: { } parameter } => IsEnumerableType(parameter.Type),
            IInvocationOperation invocation => invocation.Instance == current &&
                invocation.TargetMethod.Name is "GetEnumerator" or "ToArray" or "CopyTo" or "ForEach" or "ConvertAll" or "FindAll" or "TrueForAll",
            _ => false,
        };
    }

    private static bool IsEnumerableType(ITypeSymbol type) =>
        type.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_IEnumerable;
}
