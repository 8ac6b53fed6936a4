using System.Collections.Immutable;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Guarding;

/// <summary>
/// GRD202: a shared non-concurrent collection is enumerated (<c>foreach</c>, LINQ, any <c>IEnumerable</c>
/// parameter, <c>Keys</c>/<c>Values</c>, <c>ToArray</c>, <c>CopyTo</c>, <c>ForEach</c>, …) while no guard is held,
/// and it is changed under a guard somewhere else in the type (outside constructors).
/// </summary>
/// <remarks>
/// Enumerations that hold some other guard are GRD204's; <c>[GuardedBy]</c> fields are GRD203's. Collections never
/// changed after construction, concurrent collections and immutable collections are never reported.
/// </remarks>
public sealed class EnumerationOutsideGuardAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.EnumerationOutsideGuard);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!model.Types.IsNonConcurrentCollection(field.Type) ||
                !model.IsSharedState(field) ||
                Annotations.IsDeclaredBenign(field) ||
                Annotations.Has(field, Annotations.GuardedBy) ||
                model.IsCopyOnWrite(field))
            {
                continue;
            }

            var facts = FieldGuarding.Compute(model, field);
            if (facts.WriteGuard is not { } guard)
            {
                continue;
            }

            foreach (var access in facts.Accesses)
            {
                if (!access.Held.IsEmpty || access.Use != FieldUseKind.Read || !FieldUse.IsEnumeration(access.Access))
                {
                    continue;
                }

                var properties = GuardingFacts.FixProperties(model, field, guard.Guard, access.Access.Member, isWrite: false);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.EnumerationOutsideGuard,
                    FieldUse.EnumeratedExpression(access.Access).Syntax.GetLocation(),
                    new[] { guard.Example.Operation.Syntax.GetLocation() },
                    properties.ToImmutable(),
                    MessageText.NameOf(field),
                    FieldUse.DescribeEnumeration(access.Access),
                    guard.Guard.Describe(),
                    GuardingFacts.NameOf(guard.Example.Member)));
            }
        }
    }
}
