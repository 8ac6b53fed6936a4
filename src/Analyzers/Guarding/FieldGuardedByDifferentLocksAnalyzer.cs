using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Guarding;

/// <summary>
/// GRD204: a shared field that is written after construction is accessed under different guards in different
/// places: accesses that hold some guard but not the dominant one (the guard most accesses hold; ties go to the
/// guard held first in source order) are reported, once per guard region, at the first access of the field in it.
/// </summary>
/// <remarks>
/// Accesses that hold no guard at all are GRD201's/GRD202's; <c>[GuardedBy]</c> fields are GRD203's. Guards inherited
/// by private helpers count for the majority but only regions in the access's own body are reported. Fields only
/// ever read after construction are quiet, whatever locks the reads hold.
/// </remarks>
public sealed class FieldGuardedByDifferentLocksAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.FieldGuardedByDifferentLocks);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!model.IsSharedState(field) ||
                Annotations.IsDeclaredBenign(field) ||
                Annotations.Has(field, Annotations.GuardedBy) ||
                GuardingFacts.HasThreadSafeType(model, field))
            {
                continue;
            }

            var facts = FieldGuarding.Compute(model, field);
            if (!facts.Accesses.Any(a => a.IsWrite))
            {
                continue;
            }

            var guarded = facts.Accesses.Where(a => a.Use != FieldUseKind.Atomic && a.Held.Any(g => g.Target != GuardTargetKind.Unknown)).ToList();
            if (FieldGuarding.DominantGuard(guarded) is not { } dominant)
            {
                continue;
            }

            var reported = new HashSet<IOperation>();
            foreach (var access in guarded)
            {
                if (access.Held.Contains(dominant.Guard) || access.Held.Any(g => g.Target == GuardTargetKind.Unknown))
                {
                    continue;
                }

                var region = access.Access.Context.Regions.FirstOrDefault(r => r.Guard.Target != GuardTargetKind.Unknown && !r.Guard.Equals(dominant.Guard));
                if (region is null || !reported.Add(region.Owner))
                {
                    continue;
                }

                Report(model, field, access, region, dominant, context);
            }
        }
    }

    private static void Report(TypeConcurrencyModel model, IFieldSymbol field, GuardedAccess access, GuardRegion region, GuardUse dominant, RuleContext context)
    {
        var locations = new List<Location> { dominant.Example.Operation.Syntax.GetLocation() };
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[GuardProperties.FieldName] = field.Name;
        if (region.Owner is ILockOperation lockOperation)
        {
            locations.Add(lockOperation.LockedValue.Syntax.GetLocation());
            var fix = GuardingFacts.FixProperties(model, field, dominant.Guard, access.Access.Member, isWrite: true);
            if (fix.TryGetValue(GuardProperties.GuardKind, out var kind) &&
                kind is "Lock" or "Monitor" or "LockScope" or "Synchronized" &&
                TouchesOnly(lockOperation.Body, field, model.Type))
            {
                properties[GuardProperties.GuardText] = fix[GuardProperties.GuardText];
                properties[GuardingProperties.CanRewriteLock] = "true";
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.FieldGuardedByDifferentLocks,
            access.Access.Operation.Syntax.GetLocation(),
            locations,
            properties.ToImmutable(),
            MessageText.NameOf(field),
            region.Guard.Describe(),
            dominant.Guard.Describe(),
            GuardingFacts.NameOf(dominant.Example.Member)));
    }

    /// <summary>Whether the region touches no other field of the type and calls none of its methods (which might).</summary>
    private static bool TouchesOnly(IOperation body, IFieldSymbol field, INamedTypeSymbol type)
    {
        foreach (var operation in body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IFieldReferenceOperation reference when
                    SymbolEqualityComparer.Default.Equals(reference.Field.ContainingType?.OriginalDefinition, type.OriginalDefinition) &&
                    !SymbolEqualityComparer.Default.Equals(reference.Field.OriginalDefinition, field):
                    return false;
                case IInvocationOperation invocation when
                    SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, type.OriginalDefinition):
                    return false;
                case IPropertyReferenceOperation property when
                    SymbolEqualityComparer.Default.Equals(property.Property.ContainingType?.OriginalDefinition, type.OriginalDefinition):
                    return false;
            }
        }

        return true;
    }
}
