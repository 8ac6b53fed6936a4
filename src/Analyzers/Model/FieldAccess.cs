using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>One read or write of a field of the analysed type, with the guards held there.</summary>
internal sealed class FieldAccess
{
    public FieldAccess(IFieldReferenceOperation operation, ISymbol member, GuardContext context, bool inConstructor)
    {
        Operation = operation;
        Member = member;
        Context = context;
        InConstructor = inConstructor;
    }

    public IFieldSymbol Field => Operation.Field.OriginalDefinition;

    public IFieldReferenceOperation Operation { get; }

    /// <summary>The member whose body contains the access (a method, accessor, constructor, or a field for initializers).</summary>
    public ISymbol Member { get; }

    public GuardContext Context { get; }

    /// <summary>The access runs during construction, before the object can be shared (not inside a handed-off lambda).</summary>
    public bool InConstructor { get; }

    /// <summary>
    /// The access is through <c>this</c> (or is static), so it touches the analysed instance's state; not the new
    /// object's field that an object initializer sets (<c>new Registration { _next = _next }</c>).
    /// </summary>
    public bool IsOnOwnInstance => Operation.IsOnOwnInstance();
}

/// <summary>A call from the analysed type to one of its own private methods.</summary>
internal sealed class CallSite
{
    public CallSite(IMethodSymbol callee, ISymbol caller, GuardContext context)
    {
        Callee = callee;
        Caller = caller;
        Context = context;
    }

    public IMethodSymbol Callee { get; }

    public ISymbol Caller { get; }

    public GuardContext Context { get; }
}
