using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>Read-modify-write updates of a field: the read and the write that another thread can interleave.</summary>
internal static class ReadModifyWrite
{
    /// <summary>The compound assignment, increment or self-referencing assignment that writes the field at <paramref name="fieldReference"/>.</summary>
    public static IOperation? At(IFieldReferenceOperation fieldReference) => fieldReference.Parent switch
    {
        ICompoundAssignmentOperation compound when compound.Target == fieldReference => compound,
        IIncrementOrDecrementOperation increment when increment.Target == fieldReference => increment,
        ISimpleAssignmentOperation assignment when assignment.Target == fieldReference && assignment.Value.ReadsOwnField(fieldReference.Field) => assignment,
        _ => null,
    };
}
