using System.Collections.Generic;
using System.Collections.Immutable;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Analyzers.Atomicity;

/// <summary>
/// GRD101: a check (<c>ContainsKey</c>, <c>TryGetValue</c>, <c>Count</c>, an indexer read, …) and an act that depends
/// on it (<c>Add</c>, an indexer set, <c>Remove</c>, …) on the same shared non-concurrent collection, not inside one
/// guard region.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CheckThenActOnSharedCollectionAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CheckThenActOnSharedCollection);

    private protected override void AnalyzeType(TypeConcurrencyModel model, SymbolAnalysisContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            if (!model.Types.IsNonConcurrentCollection(field.Type) || !model.IsSharedState(field) || Annotations.IsDeclaredBenign(field))
            {
                continue;
            }

            AnalyzeField(model, field, context);
        }
    }

    private static void AnalyzeField(TypeConcurrencyModel model, IFieldSymbol field, SymbolAnalysisContext context)
    {
        var checks = new List<(FieldAccess Access, CollectionOperation Operation)>();
        var acts = new List<(FieldAccess Access, CollectionOperation Operation)>();
        foreach (var access in model.AccessesOf(field))
        {
            if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member))
            {
                continue;
            }

            var operation = CollectionOperation.Classify(access.Operation);
            if (operation.Kind == CollectionOperationKind.Check)
            {
                checks.Add((access, operation));
            }
            else if (operation.Kind == CollectionOperationKind.Act)
            {
                acts.Add((access, operation));
            }
        }

        if (checks.Count == 0 || acts.Count == 0)
        {
            return;
        }

        GuardUse? dominantGuard = null;
        var dominantGuardComputed = false;
        foreach (var check in checks)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            List<(FieldAccess Access, CollectionOperation Operation)>? racingActs = null;
            foreach (var act in acts)
            {
                if (act.Access.Context.ExecutableRoot == check.Access.Context.ExecutableRoot &&
                    check.Operation.ConcernsSameKeyAs(act.Operation) &&
                    ControlDependence.DependsOn(act.Operation.Operation, check.Operation.Operation) &&
                    !model.AreInOneGuardRegion(check.Access, act.Access))
                {
                    (racingActs ??= new()).Add(act);
                }
            }

            if (racingActs is null)
            {
                continue;
            }

            if (!dominantGuardComputed)
            {
                dominantGuard = model.DominantGuardOf(field);
                dominantGuardComputed = true;
            }

            context.ReportDiagnostic(CreateDiagnostic(model, field, check.Operation, racingActs, dominantGuard));
        }
    }

    private static Diagnostic CreateDiagnostic(
        TypeConcurrencyModel model,
        IFieldSymbol field,
        CollectionOperation check,
        List<(FieldAccess Access, CollectionOperation Operation)> acts,
        GuardUse? guard)
    {
        var additionalLocations = new List<Location>(acts.Count + 1);
        foreach (var act in acts)
        {
            additionalLocations.Add(act.Operation.Operation.Syntax.GetLocation());
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[GuardProperties.ActCount] = acts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var guardPhrase = GuardReport.Describe(model, field, guard, properties, additionalLocations);

        var actNames = acts[0].Operation.MemberName;
        return Diagnostic.Create(
            DiagnosticDescriptors.CheckThenActOnSharedCollection,
            check.Operation.Syntax.GetLocation(),
            additionalLocations,
            properties.ToImmutable(),
            field.Name,
            check.MemberName,
            actNames,
            guardPhrase);
    }
}
