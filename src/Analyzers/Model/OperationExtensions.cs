using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

internal static class OperationExtensions
{
    /// <summary>The operation beneath any implicit or explicit conversions and parentheses.</summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The operation with the conversions wrapped around it: what its parent uses (<c>(object)_items</c> for <c>_items</c>).</summary>
    public static IOperation WithEnclosingConversions(this IOperation operation)
    {
        while (operation.Parent is IConversionOperation conversion)
        {
            operation = conversion;
        }

        return operation;
    }

    /// <summary>The outermost operation of the code block that contains <paramref name="operation"/> (its method body, initializer, …).</summary>
    public static IOperation Root(this IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>The operations that contain <paramref name="operation"/>, innermost first, up to its code block's root.</summary>
    public static IEnumerable<IOperation> Ancestors(this IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            yield return parent;
        }
    }

    /// <summary>Whether <paramref name="operation"/> is the target of an assignment (simple, compound, <c>??=</c>) or of <c>++</c>/<c>--</c>.</summary>
    public static bool IsAssignedOrIncremented(this IOperation operation) => operation.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == operation,
        IIncrementOrDecrementOperation => true,
        _ => false,
    };

    /// <summary>Whether <paramref name="ancestor"/>'s syntax contains <paramref name="operation"/>'s syntax.</summary>
    public static bool IsWithin(this IOperation operation, IOperation ancestor) =>
        operation.Syntax.SyntaxTree == ancestor.Syntax.SyntaxTree && ancestor.Syntax.Span.Contains(operation.Syntax.Span);

    /// <summary>Whether the statement always leaves its block: <c>return</c>, <c>throw</c>, <c>break</c>, <c>continue</c>, <c>goto</c>.</summary>
    public static bool AlwaysExits(this IOperation? statement) => statement switch
    {
        IReturnOperation or IBranchOperation => true,
        IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation block => block.Operations.Length > 0 && block.Operations[block.Operations.Length - 1].AlwaysExits(),
        ILockOperation locked => locked.Body.AlwaysExits(),
        IUsingOperation used => used.Body.AlwaysExits(),
        ITryOperation attempt => attempt.Body.AlwaysExits(),
        IConditionalOperation { WhenFalse: not null } branch => branch.WhenTrue.AlwaysExits() && branch.WhenFalse.AlwaysExits(),
        _ => false,
    };

    /// <summary>Whether <paramref name="operation"/> reads <paramref name="field"/> of the analysed instance (or the static field).</summary>
    public static bool ReadsOwnField(this IOperation operation, IFieldSymbol field)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IFieldReferenceOperation reference &&
                SymbolEqualityComparer.Default.Equals(reference.Field.OriginalDefinition, field.OriginalDefinition) &&
                reference.IsOnOwnInstance())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="reference"/> names a field of the analysed instance (through <c>this</c>, implicitly or
    /// not) or a static field; an object initializer's member (<c>new T { _f = … }</c>) is the new object's.
    /// </summary>
    public static bool IsOnOwnInstance(this IFieldReferenceOperation reference) =>
        reference.Field.IsStatic ||
        reference.Instance?.WithoutConversions() is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

    /// <summary>Whether <paramref name="operation"/> is inside a lambda or local function of its code block, which may run later.</summary>
    public static bool IsInNestedFunction(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="operation"/> runs in a <c>finally</c> block of its own function.</summary>
    public static bool IsInFinally(this IOperation operation)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null and not IAnonymousFunctionOperation and not ILocalFunctionOperation; child = parent, parent = parent.Parent)
        {
            if (parent is ITryOperation tryOperation && tryOperation.Finally == child)
            {
                return true;
            }
        }

        return false;
    }
}
