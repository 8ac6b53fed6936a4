using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>What a use of a collection field does to the collection.</summary>
internal enum CollectionOperationKind
{
    /// <summary>Neither a check nor an act the rules reason about (e.g. passing the collection along).</summary>
    Other,

    /// <summary>Reads a fact the caller then relies on: <c>ContainsKey</c>, <c>TryGetValue</c>, <c>Contains</c>, <c>Count</c>, an indexer read.</summary>
    Check,

    /// <summary>Changes the collection: <c>Add</c>, an indexer set, <c>Remove</c>, <c>Dequeue</c>, <c>Clear</c>, ….</summary>
    Act,
}

/// <summary>A check or act on a collection field: the operation, its member's name and the key it concerns, if any.</summary>
internal readonly struct CollectionOperation
{
    public CollectionOperation(CollectionOperationKind kind, IOperation operation, string memberName, IOperation? key)
    {
        Kind = kind;
        Operation = operation;
        MemberName = memberName;
        Key = key;
    }

    public CollectionOperationKind Kind { get; }

    /// <summary>The whole call or indexer access, e.g. <c>_map.ContainsKey(id)</c>.</summary>
    public IOperation Operation { get; }

    /// <summary>How the operation reads in a message: <c>ContainsKey</c>, <c>the indexer</c>, <c>Count</c>.</summary>
    public string MemberName { get; }

    public IOperation? Key { get; }

    /// <summary>Classifies the use of the collection at <paramref name="fieldReference"/>.</summary>
    public static CollectionOperation Classify(IFieldReferenceOperation fieldReference)
    {
        switch (fieldReference.Parent)
        {
            case IInvocationOperation invocation when invocation.Instance == fieldReference:
                var name = invocation.TargetMethod.Name;
                var key = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
                return new CollectionOperation(KindOfMethod(name), invocation, name, key);

            case IPropertyReferenceOperation property when property.Instance == fieldReference:
                if (property.Property.IsIndexer)
                {
                    var index = property.Arguments.Length > 0 ? property.Arguments[0].Value : null;
                    var written = property.IsAssignedOrIncremented();
                    return new CollectionOperation(written ? CollectionOperationKind.Act : CollectionOperationKind.Check, property, written ? "an indexer set" : "an indexer read", index);
                }

                return property.Property.Name == "Count"
                    ? new CollectionOperation(CollectionOperationKind.Check, property, "Count", null)
                    : default;

            default:
                return default;
        }
    }

    /// <summary>Whether the two operations concern the same key (or either concerns the whole collection).</summary>
    public bool ConcernsSameKeyAs(CollectionOperation other)
    {
        if (Key is null || other.Key is null)
        {
            return true;
        }

        var left = Key.WithoutConversions();
        var right = other.Key.WithoutConversions();
        var leftSymbol = ReferencedSymbol(left);
        if (leftSymbol is not null)
        {
            return SymbolEqualityComparer.Default.Equals(leftSymbol, ReferencedSymbol(right));
        }

        if (left.ConstantValue.HasValue && right.ConstantValue.HasValue)
        {
            return Equals(left.ConstantValue.Value, right.ConstantValue.Value);
        }

        return Microsoft.CodeAnalysis.CSharp.SyntaxFactory.AreEquivalent(left.Syntax, right.Syntax);
    }

    private static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        _ => null,
    };

    private static CollectionOperationKind KindOfMethod(string name) => name switch
    {
        "ContainsKey" or "TryGetValue" or "GetOrAdd" or "Contains" or "ContainsValue" or "TryPeek" or "Peek" or "IndexOf" or "Exists" => CollectionOperationKind.Check,
        "Add" or "TryAdd" or "Remove" or "Clear" or "Dequeue" or "TryDequeue" or "Pop" or "TryPop" or "Enqueue" or "Push"
            or "Insert" or "RemoveAt" or "RemoveAll" or "RemoveWhere" or "RemoveRange" or "AddRange" or "InsertRange"
            or "AddFirst" or "AddLast" or "RemoveFirst" or "RemoveLast" or "EnsureCapacity" or "TrimExcess" => CollectionOperationKind.Act,
        _ => CollectionOperationKind.Other,
    };
}
