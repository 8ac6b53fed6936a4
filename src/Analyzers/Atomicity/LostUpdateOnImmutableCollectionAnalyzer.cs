using System.Collections.Generic;
using System.Collections.Immutable;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Atomicity;

/// <summary>GRD106: <c>_map = _map.Add(…)</c> (any value computed from the field's old value) on a shared immutable collection field outside a guard.</summary>
public sealed class LostUpdateOnImmutableCollectionAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LostUpdateOnImmutableCollection);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            if (!model.Types.IsImmutableCollection(field.Type) || !model.IsSharedState(field) || Annotations.IsDeclaredBenign(field))
            {
                continue;
            }

            GuardUse? guard = null;
            var guardComputed = false;
            foreach (var access in model.AccessesOf(field))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member) ||
                    access.Operation.Parent is not ISimpleAssignmentOperation assignment ||
                    assignment.Target != access.Operation ||
                    !assignment.Value.ReadsOwnField(field) ||
                    !model.GuardsHeldAt(access).IsEmpty ||
                    !model.IsEvidentlyShared(access))
                {
                    continue;
                }

                if (!guardComputed)
                {
                    guard = model.DominantGuardOf(field);
                    guardComputed = true;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[GuardProperties.ActCount] = "0";
                var additionalLocations = new List<Location>();
                var guardPhrase = GuardReport.Describe(model, field, guard, properties, additionalLocations);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.LostUpdateOnImmutableCollection,
                    assignment.Syntax.GetLocation(),
                    additionalLocations,
                    properties.ToImmutable(),
                    MessageText.NameOf(field),
                    MessageText.Snippet(assignment.Value.Syntax),
                    guardPhrase));
            }
        }
    }
}
