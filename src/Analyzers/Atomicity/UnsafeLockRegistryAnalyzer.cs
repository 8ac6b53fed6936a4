using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Atomicity;

/// <summary>
/// GRD107: a dictionary of per-key locks (<c>SemaphoreSlim</c>, <c>Lock</c>, <c>Mutex</c>, <c>ReaderWriterLockSlim</c>,
/// async locks) whose entries are created with an unguarded check-then-act, or removed while a caller may hold or
/// await them.
/// </summary>
public sealed class UnsafeLockRegistryAnalyzer : TypeModelAnalyzer
{
    /// <summary>The diagnostic property naming the defect: <c>CheckThenAct</c> or <c>Removal</c>.</summary>
    public const string DefectProperty = "Defect";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnsafeLockRegistry);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            if (!model.Types.IsLockRegistry(field.Type) || !model.IsSharedState(field) || Annotations.IsDeclaredBenign(field))
            {
                continue;
            }

            if (model.Types.IsNonConcurrentCollection(field.Type))
            {
                ReportCheckThenAct(model, field, context);
            }

            ReportRemovals(model, field, context);
        }
    }

    private static void ReportCheckThenAct(TypeConcurrencyModel model, IFieldSymbol field, RuleContext context)
    {
        foreach (var sequence in CheckThenActSequence.FindAll(model, field, context.CancellationToken))
        {
            var additionalLocations = new List<Location>();
            foreach (var act in sequence.Acts)
            {
                additionalLocations.Add(act.Operation.Syntax.GetLocation());
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[DefectProperty] = "CheckThenAct";
            properties[GuardProperties.ActCount] = sequence.Acts.Length.ToString(CultureInfo.InvariantCulture);
            GuardReport.Describe(model, field, model.DominantGuardOf(field), properties, additionalLocations);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsafeLockRegistry,
                sequence.Check.Operation.Syntax.GetLocation(),
                additionalLocations,
                properties.ToImmutable(),
                MessageText.NameOf(field),
                $"its locks are created with {sequence.Check.MemberName} then {sequence.Acts[0].MemberName} outside a single guard, so two callers can get different locks for one key; use SessionLocks<TKey>, or hold one guard across both"));
        }
    }

    private static void ReportRemovals(TypeConcurrencyModel model, IFieldSymbol field, RuleContext context)
    {
        Location? handedOut = null;
        var removals = new List<CollectionOperation>();
        foreach (var access in model.AccessesOf(field))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member))
            {
                continue;
            }

            var operation = CollectionOperation.Classify(access.Operation);
            if (operation.MemberName is "Remove" or "TryRemove")
            {
                removals.Add(operation);
            }
            else if (handedOut is null && operation.MemberName is "an indexer read" or "TryGetValue" or "GetOrAdd")
            {
                handedOut = operation.Operation.Syntax.GetLocation();
            }
        }

        foreach (var removal in removals)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsafeLockRegistry,
                removal.Operation.Syntax.GetLocation(),
                handedOut is null ? null : new[] { handedOut },
                ImmutableDictionary<string, string?>.Empty.Add(DefectProperty, "Removal"),
                MessageText.NameOf(field),
                $"an entry is removed with {removal.MemberName} while another caller may still hold or wait on its lock, so the next caller creates a new lock and runs alongside the holder; use SessionLocks<TKey>, which removes an entry only when nobody holds or awaits it"));
        }
    }
}
