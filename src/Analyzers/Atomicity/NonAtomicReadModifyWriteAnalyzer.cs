using System.Collections.Generic;
using System.Collections.Immutable;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Atomicity;

/// <summary>
/// GRD105: <c>_n++</c>, <c>_n += k</c>, <c>_n = _n + k</c> on a shared field outside any guard — and the validated
/// form <c>if (_balance &gt;= price) _balance -= price;</c>, whose check is lost the same way.
/// </summary>
public sealed class NonAtomicReadModifyWriteAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.NonAtomicReadModifyWrite);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            if (!model.IsSharedState(field) || model.Types.IsImmutableCollection(field.Type) || Annotations.IsDeclaredBenign(field))
            {
                continue;
            }

            GuardUse? guard = null;
            var guardComputed = false;
            foreach (var access in model.AccessesOf(field))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member) ||
                    StaticStateUpdates.UnguardedFromInstance(model, access) is not null ||
                    ReadModifyWrite.At(access.Operation) is not { } update ||
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

                if (guard is not null && update.IsInFinally())
                {
                    // Cleanup in finally of state guarded elsewhere is GRD302's finding, with the guard-specific fix.
                    continue;
                }

                var check = CheckOfSameField(update, field);
                var additionalLocations = new List<Location>();
                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                if (check is not null)
                {
                    additionalLocations.Add(check.Syntax.GetLocation());
                }

                properties[GuardProperties.ActCount] = additionalLocations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var guardPhrase = GuardReport.Describe(model, field, guard, properties, additionalLocations);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.NonAtomicReadModifyWrite,
                    update.Syntax.GetLocation(),
                    additionalLocations,
                    properties.ToImmutable(),
                    MessageText.NameOf(field),
                    MessageText.Snippet(update.Syntax),
                    check is null ? string.Empty : $" after checking it in '{MessageText.Snippet(check.Syntax)}'",
                    guardPhrase));
            }
        }
    }

    /// <summary>The condition of an enclosing <c>if</c> (or loop) that reads the same field: the check the update relies on.</summary>
    internal static IOperation? CheckOfSameField(IOperation update, IFieldSymbol field)
    {
        var child = update;
        for (var parent = update.Parent; parent is not null and not IAnonymousFunctionOperation and not ILocalFunctionOperation; child = parent, parent = parent.Parent)
        {
            var condition = parent switch
            {
                IConditionalOperation conditional when child != conditional.Condition => conditional.Condition,
                IWhileLoopOperation loop when child != loop.Condition => loop.Condition,
                _ => null,
            };

            if (condition is not null && condition.ReadsOwnField(field))
            {
                return condition;
            }
        }

        return null;
    }
}
