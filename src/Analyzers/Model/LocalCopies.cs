using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>
/// Locals that stand for a field: <c>var w = _writer;</c> or <c>if (_writer is { } w)</c>, never assigned again. Locking
/// such a local takes the same guard as locking the field it was copied from.
/// </summary>
internal static class LocalCopies
{
    /// <summary>The field of the analysed instance (or the static field) that <paramref name="local"/> holds a copy of; null when it is not such a copy.</summary>
    public static IFieldSymbol? FieldCopiedInto(ILocalReferenceOperation local)
    {
        var root = local.Root();

        IFieldSymbol? source = null;
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when Is(declarator.Symbol, local.Local):
                    source = OwnField(declarator.Initializer?.Value);
                    if (source is null)
                    {
                        return null;
                    }

                    break;

                case IIsPatternOperation { Pattern: IDeclarationPatternOperation or IRecursivePatternOperation } isPattern when Is(DeclaredBy(isPattern.Pattern), local.Local):
                    source = OwnField(isPattern.Value);
                    if (source is null)
                    {
                        return null;
                    }

                    break;

                case ILocalReferenceOperation other when Is(other.Local, local.Local) && MayChange(other):
                    return null;
            }
        }

        return source;
    }

    private static ISymbol? DeclaredBy(IPatternOperation pattern) => pattern switch
    {
        IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
        IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
        _ => null,
    };

    private static IFieldSymbol? OwnField(IOperation? value) =>
        value?.WithoutConversions() is IFieldReferenceOperation reference && reference.IsOnOwnInstance()
            ? reference.Field
            : null;

    /// <summary>Whether this use of a local can give it another value: an assignment, an increment, a ref or out argument.</summary>
    private static bool MayChange(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
        IDeclarationExpressionOperation => true,
        ITupleOperation { Parent: IDeconstructionAssignmentOperation } => true,
        _ => false,
    };

    private static bool Is(ISymbol? symbol, ILocalSymbol local) => SymbolEqualityComparer.Default.Equals(symbol, local);
}
