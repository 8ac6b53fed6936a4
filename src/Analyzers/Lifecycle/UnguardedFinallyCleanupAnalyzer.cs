using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Lifecycle;

/// <summary>
/// GRD302: a <c>finally</c> block changes a shared field (an assignment, or an act such as <c>Remove</c> on a
/// non-concurrent collection) without holding the guard that protects the field elsewhere in the type.
/// </summary>
public sealed class UnguardedFinallyCleanupAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnguardedFinallyCleanup);

    /// <summary>
    /// A constant stored into a <c>volatile</c> field (<c>_busy = false;</c>): one atomic, visible write that depends on
    /// nothing read before it, as the owner of a try-lock flag releases it.
    /// </summary>
    private static bool IsVolatileStore(IFieldSymbol field, IOperation mutation) =>
        field.IsVolatile && mutation is ISimpleAssignmentOperation { Value.ConstantValue.HasValue: true };

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            if (!model.IsSharedState(field) || Annotations.IsDeclaredBenign(field))
            {
                continue;
            }

            GuardUse? guard = null;
            var guardComputed = false;
            foreach (var access in model.AccessesOf(field))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member) ||
                    MutationOf(model, access) is not { } mutation ||
                    IsVolatileStore(field, mutation))
                {
                    continue;
                }

                var function = LockFlow.FunctionOf(access.Operation);
                if (LockFlow.EnclosingFinally(access.Operation, function) is not { } tryOperation)
                {
                    continue;
                }

                if (!guardComputed)
                {
                    guard = model.DominantGuardOf(field);
                    guardComputed = true;
                }

                if (guard is null || model.GuardsHeldAt(access).Contains(guard.Guard) || LockFlow.FinallyReleases(tryOperation, guard.Guard, model.Types))
                {
                    continue;
                }

                var example = GuardedMutationExample(model, field, guard.Guard) ?? guard.Example;
                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[GuardProperties.FieldName] = field.Name;
                properties[GuardProperties.FieldIsStatic] = field.IsStatic ? "true" : "false";
                properties[GuardProperties.GuardKind] = guard.Guard.Kind.ToString();
                properties[GuardProperties.GuardText] = guard.Guard.Text;

                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UnguardedFinallyCleanup,
                    mutation.Syntax.GetLocation(),
                    new[] { (MutationOf(model, example) ?? example.Operation).Syntax.GetLocation() },
                    properties.ToImmutable(),
                    MessageText.NameOf(field),
                    MessageText.Snippet(mutation.Syntax),
                    guard.Guard.Describe(),
                    example.Member.Name));
            }
        }
    }

    /// <summary>The operation that changes the field at <paramref name="access"/>: an assignment or increment of it, or an act on it as a non-concurrent collection.</summary>
    private static IOperation? MutationOf(TypeConcurrencyModel model, FieldAccess access)
    {
        var reference = access.Operation;
        switch (reference.Parent)
        {
            case IAssignmentOperation assignment when assignment.Target == reference:
                return assignment;
            case IIncrementOrDecrementOperation increment:
                return increment;
        }

        if (model.Types.IsNonConcurrentCollection(reference.Field.Type))
        {
            var operation = CollectionOperation.Classify(reference);
            if (operation.Kind == CollectionOperationKind.Act)
            {
                return operation.Operation;
            }
        }

        return null;
    }

    /// <summary>An access that changes <paramref name="field"/> while holding <paramref name="guard"/>, to point at as the other half.</summary>
    private static FieldAccess? GuardedMutationExample(TypeConcurrencyModel model, IFieldSymbol field, Guard guard) =>
        model.AccessesOf(field).FirstOrDefault(a => !a.InConstructor && MutationOf(model, a) is not null && model.GuardsHeldAt(a).Contains(guard));
}
