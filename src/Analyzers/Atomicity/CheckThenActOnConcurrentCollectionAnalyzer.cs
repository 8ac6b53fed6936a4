using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Atomicity;

/// <summary>
/// GRD102: <c>ContainsKey</c>/<c>TryGetValue</c> on a <c>ConcurrentDictionary</c> followed by a dependent indexer set,
/// <c>TryAdd</c>, indexer read, or <c>TryRemove</c> whose result is dropped, where one atomic call (<c>GetOrAdd</c>,
/// <c>TryAdd</c>, <c>TryGetValue</c>, <c>AddOrUpdate</c>, <c>TryRemove(KeyValuePair)</c>) does the whole sequence.
/// </summary>
public sealed class CheckThenActOnConcurrentCollectionAnalyzer : TypeModelAnalyzer
{
    /// <summary>The diagnostic property naming the atomic API the fix rewrites to.</summary>
    public const string SuggestedApiProperty = "SuggestedApi";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CheckThenActOnConcurrentCollection);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            if (!model.Types.IsConcurrentDictionary(field.Type) || !model.IsSharedState(field) || Annotations.IsDeclaredBenign(field))
            {
                continue;
            }

            var checks = new List<(FieldAccess Access, CollectionOperation Operation)>();
            var uses = new List<(FieldAccess Access, CollectionOperation Operation)>();
            foreach (var access in model.AccessesOf(field))
            {
                if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member))
                {
                    continue;
                }

                var operation = CollectionOperation.Classify(access.Operation);
                if (operation.MemberName is "ContainsKey" or "TryGetValue")
                {
                    checks.Add((access, operation));
                }
                else if (operation.MemberName is "an indexer set" or "an indexer read" ||
                         (operation.MemberName == "TryAdd" && operation.Operation.Parent is IExpressionStatementOperation) ||
                         (operation.MemberName == "TryRemove" && operation.Operation.Parent is IExpressionStatementOperation && !operation.Operation.IsInFinally()))
                {
                    // A TryAdd or TryRemove whose result is used handles losing the race itself; one whose result is
                    // dropped acts as if the check still held (and TryRemove's out value may be another entry, or default).
                    // A TryRemove in a finally is the cleanup of the entry the member worked with, whatever it holds now.
                    uses.Add((access, operation));
                }
            }

            foreach (var check in checks)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                foreach (var use in uses)
                {
                    if (use.Access.Context.ExecutableRoot != check.Access.Context.ExecutableRoot ||
                        !check.Operation.ConcernsSameKeyAs(use.Operation) ||
                        !ControlDependence.DependsOn(use.Operation.Operation, check.Operation.Operation) ||
                        model.AreInOneGuardRegion(check.Access, use.Access) ||
                        CheckThenActSequence.IsRevalidated(model, use, checks) ||
                        IsMemoOfInterchangeableValues(model, field, check.Operation, use.Operation) ||
                        IsReadForThrownMessage(use.Operation) ||
                        SuggestedApi(check.Operation.MemberName, use.Operation.MemberName) is not { } api)
                    {
                        continue;
                    }

                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.CheckThenActOnConcurrentCollection,
                        check.Operation.Operation.Syntax.GetLocation(),
                        ImmutableArray.Create(use.Operation.Operation.Syntax.GetLocation()),
                        ImmutableDictionary<string, string?>.Empty.Add(SuggestedApiProperty, api),
                        MessageText.NameOf(field),
                        check.Operation.MemberName,
                        Describe(use.Operation.MemberName),
                        api));
                    break;
                }
            }
        }
    }

    /// <summary>
    /// A memo: a <c>TryGetValue</c> miss, then a store of a value computed for the key, in a dictionary whose values
    /// are interchangeable (a computed string, a parsed flag, a compiled delegate). Two racing callers compute equal
    /// values and either one may stay, so the sequence costs time, not correctness. The value may read the key and
    /// what the key was computed from (<c>var sid = identity.User; … identity.Name</c>): the same object gives the
    /// same key and the same value. A value that also depends on another argument (<c>rate = quoted</c>) is not a
    /// memo: the callers may store different values. A compiled delegate is, whatever its inputs: a code cache serves
    /// whichever compilation it holds to every later caller of the key by design, so a racer's compilation is as good
    /// as the first one; a delegate handed in by the caller (<c>_handlers[name] = handler</c>) is a registration and
    /// stays reported. An add-if-absent after <c>ContainsKey</c> stays reported too: the second write replaces the first.
    /// </summary>
    private static bool IsMemoOfInterchangeableValues(TypeConcurrencyModel model, IFieldSymbol field, CollectionOperation check, CollectionOperation use)
    {
        if (check.MemberName != "TryGetValue" ||
            use.MemberName is not ("an indexer set" or "TryAdd") ||
            field.Type is not INamedTypeSymbol { TypeArguments.Length: 2 } dictionary ||
            StoredValue(use) is not { } value)
        {
            return false;
        }

        var valueType = dictionary.TypeArguments[1];
        if (valueType.TypeKind == TypeKind.Delegate && IsProducedInBody(value))
        {
            return true;
        }

        return (model.Types.IsInterchangeableValue(valueType) || valueType.IsValueType) &&
            DependsOnlyOn(value, KeySources(check));
    }

    /// <summary>
    /// An indexer read that only builds the exception a found key throws (<c>if (d.ContainsKey(k)) throw new
    /// ArgumentException($"… {d[k]}")</c>): the path fails whatever another thread does, a removal in between changes
    /// which exception, not whether one is thrown.
    /// </summary>
    private static bool IsReadForThrownMessage(CollectionOperation use)
    {
        if (use.MemberName != "an indexer read")
        {
            return false;
        }

        for (var ancestor = use.Operation.Parent; ancestor is not (null or IBlockOperation or IAnonymousFunctionOperation or ILocalFunctionOperation); ancestor = ancestor.Parent)
        {
            if (ancestor is IThrowOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? StoredValue(CollectionOperation use) => use.Operation switch
    {
        IPropertyReferenceOperation indexer when indexer.Parent is ISimpleAssignmentOperation assignment && assignment.Target == indexer => assignment.Value,
        IInvocationOperation { Arguments.Length: >= 2 } tryAdd => tryAdd.Arguments[1].Value,
        _ => null,
    };

    /// <summary>
    /// The variables the key is read from: the parameter or local passed to <c>TryGetValue</c> and, for a local, the
    /// parameters and locals it is computed from (<c>var fromType = reader.GetFieldType(i)</c> reads <c>reader</c>).
    /// </summary>
    private static HashSet<ISymbol> KeySources(CollectionOperation check) =>
        check.Key?.WithoutConversions() is { } key
            ? VariablesReadBy(key, stopAt: new HashSet<ISymbol>(SymbolEqualityComparer.Default))
            : new HashSet<ISymbol>(SymbolEqualityComparer.Default);

    /// <summary>
    /// Whether the parameters the value is computed from (through locals assigned in the same body) are at most the
    /// key's sources: the key's own variables count as the key, whatever they were computed from.
    /// </summary>
    private static bool DependsOnlyOn(IOperation value, HashSet<ISymbol> keySources) =>
        VariablesReadBy(value, stopAt: keySources).All(variable => variable is not IParameterSymbol || keySources.Contains(variable));

    /// <summary>
    /// The parameters and locals <paramref name="value"/> reads, following each local to the values it is assigned in
    /// the same body; a local in <paramref name="stopAt"/> is counted but not followed.
    /// </summary>
    private static HashSet<ISymbol> VariablesReadBy(IOperation value, HashSet<ISymbol> stopAt)
    {
        var root = value.Root();
        var read = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IOperation>();
        pending.Push(value);
        while (pending.Count > 0)
        {
            foreach (var operation in pending.Pop().DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IParameterReferenceOperation parameter:
                        read.Add(parameter.Parameter);
                        break;
                    case ILocalReferenceOperation local when read.Add(local.Local) && !stopAt.Contains(local.Local):
                        foreach (var assigned in AssignmentsOf(root, local.Local))
                        {
                            pending.Push(assigned);
                        }

                        break;
                }
            }
        }

        return read;
    }

    /// <summary>
    /// Whether the stored delegate is made here (a call that compiles or builds it, a lambda, a method group) rather
    /// than handed in by the caller: every value it can take, through locals, is one the body produces.
    /// </summary>
    private static bool IsProducedInBody(IOperation value)
    {
        var root = value.Root();
        var pending = new Stack<IOperation>();
        var seenLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        pending.Push(value);
        var sawProduction = false;
        while (pending.Count > 0)
        {
            switch (pending.Pop().WithoutConversions())
            {
                case ISimpleAssignmentOperation assignment:
                    pending.Push(assignment.Value);
                    break;
                case ILocalReferenceOperation local:
                    if (seenLocals.Add(local.Local))
                    {
                        foreach (var assigned in AssignmentsOf(root, local.Local))
                        {
                            pending.Push(assigned);
                        }
                    }

                    break;
                case IInvocationOperation or IDelegateCreationOperation or IAnonymousFunctionOperation or IMethodReferenceOperation:
                    sawProduction = true;
                    break;
                default:
                    return false;
            }
        }

        return sawProduction;
    }

    /// <summary>The values <paramref name="local"/> is given in the body: assignments, its declaration, a pattern that declares it.</summary>
    private static IEnumerable<IOperation> AssignmentsOf(IOperation root, ILocalSymbol local)
    {
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    yield return assignment.Value;
                    break;
                case IVariableDeclaratorOperation { Initializer: { } initializer } declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    yield return initializer.Value;
                    break;
                case IIsPatternOperation isPattern when DeclaresLocal(isPattern.Pattern, local):
                    yield return isPattern.Value;
                    break;
            }
        }
    }

    private static bool DeclaresLocal(IPatternOperation pattern, ILocalSymbol local) =>
        pattern.DescendantsAndSelf().OfType<IDeclarationPatternOperation>()
            .Any(declaration => SymbolEqualityComparer.Default.Equals(declaration.DeclaredSymbol, local));

    private static string? SuggestedApi(string check, string use) => (check, use) switch
    {
        ("ContainsKey", "an indexer read") => "TryGetValue",
        ("ContainsKey", "an indexer set" or "TryAdd") => "TryAdd, GetOrAdd or AddOrUpdate",
        ("TryGetValue", "an indexer set" or "TryAdd") => "GetOrAdd",
        ("TryGetValue", "TryRemove") => "TryRemove(KeyValuePair) with the value you checked, and its result",
        ("ContainsKey", "TryRemove") => "TryRemove alone, acting on its result",
        _ => null,
    };

    private static string Describe(string use) => use switch
    {
        "an indexer read" => "read with the indexer",
        "an indexer set" => "written with the indexer",
        _ => "changed with " + use,
    };
}
