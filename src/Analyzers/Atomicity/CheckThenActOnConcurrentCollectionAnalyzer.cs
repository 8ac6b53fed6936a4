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
                        SuggestedApi(check.Operation.MemberName, use.Operation.MemberName) is not { } api)
                    {
                        continue;
                    }

                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.CheckThenActOnConcurrentCollection,
                        check.Operation.Operation.Syntax.GetLocation(),
                        ImmutableArray.Create(use.Operation.Operation.Syntax.GetLocation()),
                        ImmutableDictionary<string, string?>.Empty.Add(SuggestedApiProperty, api),
                        field.Name,
                        check.Operation.MemberName,
                        Describe(use.Operation.MemberName),
                        api));
                    break;
                }
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
