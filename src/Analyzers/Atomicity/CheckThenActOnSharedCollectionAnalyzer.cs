using System.Collections.Generic;
using System.Collections.Immutable;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Atomicity;

/// <summary>
/// GRD101: a check (<c>ContainsKey</c>, <c>TryGetValue</c>, <c>Count</c>, an indexer read, …) and an act that depends
/// on it (<c>Add</c>, an indexer set, <c>Remove</c>, …) on the same shared non-concurrent collection, not inside one
/// guard region. Registries of per-key locks are GRD107's business.
/// </summary>
public sealed class CheckThenActOnSharedCollectionAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CheckThenActOnSharedCollection);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            if (!model.Types.IsNonConcurrentCollection(field.Type) || !model.IsSharedState(field) || Annotations.IsDeclaredBenign(field) ||
                model.Types.IsLockRegistry(field.Type))
            {
                continue;
            }

            AnalyzeField(model, field, context);
        }
    }

    private static void AnalyzeField(TypeConcurrencyModel model, IFieldSymbol field, RuleContext context)
    {
        GuardUse? dominantGuard = null;
        var dominantGuardComputed = false;
        foreach (var sequence in CheckThenActSequence.FindAll(model, field, context.CancellationToken))
        {
            if (!dominantGuardComputed)
            {
                dominantGuard = model.DominantGuardOf(field);
                dominantGuardComputed = true;
            }

            context.ReportDiagnostic(CreateDiagnostic(model, field, sequence.Check, sequence.Acts, dominantGuard));
        }
    }

    private static Diagnostic CreateDiagnostic(
        TypeConcurrencyModel model,
        IFieldSymbol field,
        CollectionOperation check,
        ImmutableArray<CollectionOperation> acts,
        GuardUse? guard)
    {
        var additionalLocations = new List<Location>(acts.Length + 1);
        foreach (var act in acts)
        {
            additionalLocations.Add(act.Operation.Syntax.GetLocation());
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[GuardProperties.ActCount] = acts.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var guardPhrase = GuardReport.Describe(model, field, guard, properties, additionalLocations);

        var actNames = acts[0].MemberName;
        return Diagnostic.Create(
            DiagnosticDescriptors.CheckThenActOnSharedCollection,
            check.Operation.Syntax.GetLocation(),
            additionalLocations,
            properties.ToImmutable(),
            MessageText.NameOf(field),
            check.MemberName,
            actNames,
            guardPhrase);
    }
}
