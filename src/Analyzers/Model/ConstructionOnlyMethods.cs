using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Model;

/// <summary>
/// The members of a type that run only while an instance (or the type itself) is set up, before another thread can
/// see it: constructors, initializers, <c>init</c> accessors, deserialization callbacks and finalizers, and the private
/// methods that only they call — directly, not from a lambda or local function that may run later — and that are
/// never used as delegates.
/// </summary>
internal sealed class ConstructionOnlyMethods
{
    private readonly HashSet<ISymbol> _instanceHelpers;
    private readonly HashSet<ISymbol> _staticHelpers;

    private ConstructionOnlyMethods(HashSet<ISymbol> instanceHelpers, HashSet<ISymbol> staticHelpers)
    {
        _instanceHelpers = instanceHelpers;
        _staticHelpers = staticHelpers;
    }

    public static ConstructionOnlyMethods None { get; } = new(new HashSet<ISymbol>(SymbolEqualityComparer.Default), new HashSet<ISymbol>(SymbolEqualityComparer.Default));

    /// <summary>The private helpers that only construction calls, from the type's calls of its own methods.</summary>
    /// <param name="calls">Every call of the type to its own methods: caller, callee, and whether a lambda or local function makes it.</param>
    /// <param name="usedAsDelegates">The type's methods that its code hands out as delegates.</param>
    public static ConstructionOnlyMethods Compute(IEnumerable<(ISymbol Caller, ISymbol Callee, bool FromNestedFunction)> calls, ICollection<ISymbol> usedAsDelegates)
    {
        var callsByCallee = calls
            .Where(call => call.Callee is IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private } && !usedAsDelegates.Contains(call.Callee))
            .GroupBy(call => call.Callee, (IEqualityComparer<ISymbol>)SymbolEqualityComparer.Default)
            .ToDictionary(group => group.Key, group => group.ToList(), (IEqualityComparer<ISymbol>)SymbolEqualityComparer.Default);

        return new ConstructionOnlyMethods(HelpersOf(callsByCallee, ofStaticState: false), HelpersOf(callsByCallee, ofStaticState: true));
    }

    /// <summary>
    /// Whether <paramref name="member"/> runs only while the instance (<paramref name="ofStaticState"/> false) or the type
    /// (true) is being set up.
    /// </summary>
    public bool RunsOnlyDuringConstruction(ISymbol member, bool ofStaticState) =>
        IsConstructionRoot(member, ofStaticState) ||
        (ofStaticState ? _staticHelpers : _instanceHelpers).Contains(member.OriginalDefinition);

    /// <summary>A member that sets up a new instance (or the type, for static state) by its kind alone.</summary>
    private static bool IsConstructionRoot(ISymbol member, bool ofStaticState) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.StaticConstructor } => ofStaticState,
        IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.Destructor } => !ofStaticState,
        IMethodSymbol { MethodKind: MethodKind.PropertySet, IsInitOnly: true } => !ofStaticState,
        IMethodSymbol method => !ofStaticState && IsDeserializationCallback(method),
        IFieldSymbol or IPropertySymbol => member.IsStatic == ofStaticState,
        _ => false,
    };

    /// <summary>
    /// <c>[OnDeserializing]</c>/<c>[OnDeserialized]</c> methods and <c>IDeserializationCallback.OnDeserialization</c>: they
    /// restore what the serializer skips (a <c>[NonSerialized]</c> lock object) before the object is handed out.
    /// </summary>
    private static bool IsDeserializationCallback(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.Name is "OnDeserializingAttribute" or "OnDeserializedAttribute") ||
        (method.Name.EndsWith("OnDeserialization", System.StringComparison.Ordinal) && method.Parameters.Length == 1 &&
         method.Parameters[0].Type.SpecialType == SpecialType.System_Object);

    /// <summary>The greatest set of helpers whose every call comes straight from construction or from another helper of the set.</summary>
    private static HashSet<ISymbol> HelpersOf(Dictionary<ISymbol, List<(ISymbol Caller, ISymbol Callee, bool FromNestedFunction)>> callsByCallee, bool ofStaticState)
    {
        var helpers = new HashSet<ISymbol>(callsByCallee.Keys, SymbolEqualityComparer.Default);
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var helper in helpers.ToList())
            {
                var calledOnlyDuringConstruction = callsByCallee[helper].All(call =>
                    !call.FromNestedFunction && (IsConstructionRoot(call.Caller, ofStaticState) || helpers.Contains(call.Caller.OriginalDefinition)));
                if (!calledOnlyDuringConstruction)
                {
                    helpers.Remove(helper);
                    changed = true;
                }
            }
        }

        return helpers;
    }
}
