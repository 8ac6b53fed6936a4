using System.Collections.Generic;
using System.Collections.Immutable;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Atomicity;

/// <summary>
/// GRD102: <c>ContainsKey</c>/<c>TryGetValue</c> on a <c>ConcurrentDictionary</c> followed by a dependent indexer set,
/// <c>TryAdd</c> or indexer read, where one atomic call (<c>GetOrAdd</c>, <c>TryAdd</c>, <c>TryGetValue</c>,
/// <c>AddOrUpdate</c>) does the whole sequence.
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
                         (operation.MemberName == "TryAdd" && operation.Operation.Parent is IExpressionStatementOperation))
                {
                    // A TryAdd whose result is used handles losing the race itself; one whose result is dropped does not.
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
    /// A memo: a <c>TryGetValue</c> miss, then a store of a value computed from the key alone, in a dictionary whose
    /// values are interchangeable (a computed string, a parsed flag, a compiled delegate). Two racing callers compute
    /// equal values and either one may stay, so the sequence costs time, not correctness. A value that also depends on
    /// another argument (<c>Compile(name, source)</c>) is not a memo: the callers may store different values, and
    /// an add-if-absent after <c>ContainsKey</c> stays reported too: the second write replaces the first.
    /// </summary>
    private static bool IsMemoOfInterchangeableValues(TypeConcurrencyModel model, IFieldSymbol field, CollectionOperation check, CollectionOperation use) =>
        check.MemberName == "TryGetValue" &&
        use.MemberName is "an indexer set" or "TryAdd" &&
        field.Type is INamedTypeSymbol { TypeArguments.Length: 2 } dictionary &&
        (model.Types.IsInterchangeableValue(dictionary.TypeArguments[1]) || dictionary.TypeArguments[1].IsValueType) &&
        StoredValue(use) is { } value &&
        DependsOnlyOn(value, KeyVariable(check));

    private static IOperation? StoredValue(CollectionOperation use) => use.Operation switch
    {
        IPropertyReferenceOperation indexer when indexer.Parent is ISimpleAssignmentOperation assignment && assignment.Target == indexer => assignment.Value,
        IInvocationOperation { Arguments.Length: >= 2 } tryAdd => tryAdd.Arguments[1].Value,
        _ => null,
    };

    /// <summary>The parameter or local the key is read from (<c>TryGetValue(name, …)</c>, <c>TryGetValue(connectionString, …)</c>).</summary>
    private static ISymbol? KeyVariable(CollectionOperation check) => check.Key?.WithoutConversions() switch
    {
        IParameterReferenceOperation parameter => parameter.Parameter,
        ILocalReferenceOperation local => local.Local,
        _ => null,
    };

    /// <summary>
    /// Whether the parameters the value is computed from (through locals assigned in the same body) are at most the
    /// key: the key's own variable counts as the key, whatever it was computed from.
    /// </summary>
    private static bool DependsOnlyOn(IOperation value, ISymbol? key)
    {
        var root = value.Root();

        var pending = new Stack<IOperation>();
        var seenLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        pending.Push(value);
        while (pending.Count > 0)
        {
            foreach (var operation in pending.Pop().DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IParameterReferenceOperation parameter when !SymbolEqualityComparer.Default.Equals(parameter.Parameter, key):
                        return false;
                    case ILocalReferenceOperation local when !SymbolEqualityComparer.Default.Equals(local.Local, key) && seenLocals.Add(local.Local):
                        foreach (var assigned in AssignmentsOf(root, local.Local))
                        {
                            pending.Push(assigned);
                        }

                        break;
                }
            }
        }

        return true;
    }

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
            }
        }
    }

    private static string? SuggestedApi(string check, string use) => (check, use) switch
    {
        ("ContainsKey", "an indexer read") => "TryGetValue",
        ("ContainsKey", "an indexer set" or "TryAdd") => "TryAdd, GetOrAdd or AddOrUpdate",
        ("TryGetValue", "an indexer set" or "TryAdd") => "GetOrAdd",
        _ => null,
    };

    private static string Describe(string use) => use switch
    {
        "an indexer read" => "read with the indexer",
        "an indexer set" => "written with the indexer",
        _ => "changed with " + use,
    };
}
