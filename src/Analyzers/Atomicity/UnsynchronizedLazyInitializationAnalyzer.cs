using System.Collections.Immutable;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Atomicity;

/// <summary>
/// GRD103: <c>if (_f == null) _f = …;</c>, <c>_f ??= …;</c> and <c>_f ?? (_f = …)</c> on shared state with no guard
/// held across the check and the assignment (lazily created locks included). Double-checked locking, where the
/// assignment is under a guard, is GRD104's business.
/// </summary>
public sealed class UnsynchronizedLazyInitializationAnalyzer : TypeModelAnalyzer
{
    /// <summary>The diagnostic property naming the lazy-initialization form: <c>If</c>, <c>CoalesceAssignment</c> or <c>Coalesce</c>.</summary>
    public const string FormProperty = "LazyForm";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnsynchronizedLazyInitialization);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            // Racing initializations of an interchangeable value (a computed string, a MethodInfo, a delegate) cost only
            // the time to compute it twice; the rule reports those whose racers end up holding different objects.
            if (!model.IsSharedState(field) || Annotations.IsDeclaredBenign(field) ||
                (field.Type.IsValueType && field.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T) ||
                model.Types.IsInterchangeableValue(field.Type))
            {
                continue;
            }

            foreach (var access in model.AccessesOf(field))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member) ||
                    !model.GuardsHeldAt(access).IsEmpty ||
                    LazyInitializationAt(access.Operation) is not { } lazy ||
                    !model.IsEvidentlyShared(access))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty.Add(FormProperty, lazy.Form);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UnsynchronizedLazyInitialization,
                    (lazy.Form == "If" ? lazy.Check : lazy.Whole).Syntax.GetLocation(),
                    ImmutableArray.Create(lazy.Assignment.Syntax.GetLocation()),
                    properties,
                    MessageText.NameOf(field),
                    MessageText.Snippet(lazy.Assignment.Syntax),
                    lazy.Form == "If" ? $" after the check '{MessageText.Snippet(lazy.Check.Syntax)}'" : string.Empty,
                    MessageText.Snippet(lazy.Value.Syntax)));
            }
        }
    }

    /// <summary>The lazy initialization whose assignment writes the field at <paramref name="fieldReference"/>, if it is one.</summary>
    private static LazyInitialization? LazyInitializationAt(IFieldReferenceOperation fieldReference)
    {
        switch (fieldReference.Parent)
        {
            case ICoalesceAssignmentOperation coalesceAssignment when coalesceAssignment.Target == fieldReference:
                return new LazyInitialization("CoalesceAssignment", coalesceAssignment, coalesceAssignment, coalesceAssignment, coalesceAssignment.Value);

            case ISimpleAssignmentOperation assignment when assignment.Target == fieldReference:
                var parent = assignment.Parent;
                if (parent is ICoalesceOperation coalesce && coalesce.WhenNull == assignment && IsSameField(coalesce.Value, fieldReference))
                {
                    return new LazyInitialization("Coalesce", coalesce, coalesce.Value, assignment, assignment.Value);
                }

                var statement = parent is IExpressionStatementOperation ? parent : null;
                var container = statement?.Parent is IBlockOperation { Operations.Length: 1 } block ? block.Parent : statement?.Parent;
                if (container is IConditionalOperation { WhenFalse: null } conditional &&
                    (conditional.WhenTrue == statement || conditional.WhenTrue == statement?.Parent) &&
                    IsNullCheckOf(conditional.Condition, fieldReference))
                {
                    return new LazyInitialization("If", conditional, conditional.Condition, assignment, assignment.Value);
                }

                return null;

            default:
                return null;
        }
    }

    private static bool IsNullCheckOf(IOperation condition, IFieldReferenceOperation field) => Model.LazyInitialization.IsNullCheckOf(condition, field);

    private static bool IsSameField(IOperation operation, IFieldReferenceOperation field) => Model.LazyInitialization.IsSameField(operation, field);

    private sealed class LazyInitialization
    {
        public LazyInitialization(string form, IOperation whole, IOperation check, IOperation assignment, IOperation value)
        {
            Form = form;
            Whole = whole;
            Check = check;
            Assignment = assignment;
            Value = value;
        }

        public string Form { get; }

        /// <summary>The whole construct the fix replaces: the <c>if</c>, the <c>??=</c> or the <c>??</c>.</summary>
        public IOperation Whole { get; }

        public IOperation Check { get; }

        public IOperation Assignment { get; }

        public IOperation Value { get; }
    }
}
