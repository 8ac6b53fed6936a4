using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>
/// Writes that initialize a field on first use: <c>_f ??= …</c>, <c>_f ?? (_f = …)</c>, and <c>_f = …</c> where an
/// enclosing <c>if</c> found <c>_f</c> null. Such a write moves the field from null to a value and never back.
/// </summary>
internal static class LazyInitialization
{
    /// <summary>Whether the write at <paramref name="reference"/> only ever replaces null.</summary>
    public static bool IsInitializingWrite(IFieldReferenceOperation reference)
    {
        switch (reference.Parent)
        {
            case ICoalesceAssignmentOperation coalesceAssignment when coalesceAssignment.Target == reference:
                return true;

            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                if (assignment.Parent is ICoalesceOperation coalesce && coalesce.WhenNull == assignment && IsSameField(coalesce.Value, reference))
                {
                    return true;
                }

                IOperation child = assignment;
                for (var parent = assignment.Parent; parent is not null and not IAnonymousFunctionOperation and not ILocalFunctionOperation; child = parent, parent = parent.Parent)
                {
                    if (parent is IConditionalOperation conditional && conditional.WhenTrue == child)
                    {
                        return IsNullCheckOf(conditional.Condition, reference);
                    }

                    // 'if (_f is not null) return _f;' earlier in the block: the write runs only when the field was null.
                    if (parent is IBlockOperation block && ExitsUnlessNullBefore(block, child, reference))
                    {
                        return true;
                    }
                }

                return false;

            default:
                return false;
        }
    }

    private static bool ExitsUnlessNullBefore(IBlockOperation block, IOperation statement, IFieldReferenceOperation field)
    {
        foreach (var earlier in block.Operations)
        {
            if (earlier == statement)
            {
                return false;
            }

            if (earlier is IConditionalOperation { WhenFalse: null } guard && guard.WhenTrue.AlwaysExits() && IsNotNullCheckOf(guard.Condition, field))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="condition"/> is true exactly when <paramref name="field"/>'s field is not null (<c>_f != null</c>, <c>_f is not null</c>).</summary>
    public static bool IsNotNullCheckOf(IOperation condition, IFieldReferenceOperation field)
    {
        condition = condition.WithoutConversions();
        return condition switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } binary => ComparesWithNull(binary, field),
            IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } isPattern =>
                IsSameField(isPattern.Value, field) && IsNull(constant.Value),
            IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not => IsNullCheckOf(not.Operand, field),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="condition"/> is true exactly when <paramref name="field"/>'s field is null (<c>_f == null</c>, <c>_f is null</c>).</summary>
    public static bool IsNullCheckOf(IOperation condition, IFieldReferenceOperation field)
    {
        condition = condition.WithoutConversions();
        return condition switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } binary => ComparesWithNull(binary, field),
            IIsPatternOperation { Pattern: IConstantPatternOperation constant } isPattern =>
                IsSameField(isPattern.Value, field) && IsNull(constant.Value),
            _ => false,
        };
    }

    private static bool ComparesWithNull(IBinaryOperation binary, IFieldReferenceOperation field) =>
        (IsSameField(binary.LeftOperand, field) && IsNull(binary.RightOperand)) ||
        (IsSameField(binary.RightOperand, field) && IsNull(binary.LeftOperand));

    /// <summary>Whether <paramref name="operation"/> reads the same field of the same instance as <paramref name="field"/>.</summary>
    public static bool IsSameField(IOperation operation, IFieldReferenceOperation field) =>
        operation.WithoutConversions() is IFieldReferenceOperation other &&
        SymbolEqualityComparer.Default.Equals(other.Field, field.Field) &&
        other.IsOnOwnInstance();

    private static bool IsNull(IOperation operation) =>
        operation.WithoutConversions() is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;
}
