using System.Collections.Generic;
using System.Collections.Immutable;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Atomicity;

/// <summary>
/// GRD104: double-checked locking — an unguarded check, a guard, the same check again — whose fast path reads a
/// non-volatile flag or value-type field, or whose guarded path publishes the reference before initializing the
/// object. A correct double-checked lock on a reference (assign the fully built object, then nothing else) is
/// safe under the .NET memory model and is not reported.
/// </summary>
public sealed class BrokenDoubleCheckedLockingAnalyzer : TypeModelAnalyzer
{
    /// <summary>The diagnostic property naming the defect: <c>NonVolatileFastPath</c> or <c>PublishedBeforeInitialized</c>.</summary>
    public const string DefectProperty = "Defect";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BrokenDoubleCheckedLocking);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        var reported = new HashSet<(SyntaxNode, IFieldSymbol)>();
        foreach (var field in model.AccessedFields)
        {
            if (!model.IsSharedState(field) || Annotations.IsDeclaredBenign(field))
            {
                continue;
            }

            foreach (var access in model.AccessesOf(field))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (access.InConstructor || !access.IsOnOwnInstance || !access.Context.Regions.IsEmpty ||
                    DoubleCheck.Around(access.Operation, model.Types, access.Member) is not { } doubleCheck ||
                    !reported.Add((doubleCheck.Outer.Syntax, field)))
                {
                    continue;
                }

                var assignedInside = AssignmentInside(doubleCheck.Inner.WhenTrue, field);
                if (!field.IsVolatile && !IsVolatileRead(access.Operation) && (field.Type.IsValueType || assignedInside is null))
                {
                    var why = field.Type.IsValueType
                        ? $"the unlocked check reads '{field.Name}' without volatile or Volatile.Read, so a thread can see it set before the writes it guards"
                        : $"the unlocked check reads '{field.Name}', which the guarded path does not publish, without volatile or Volatile.Read";
                    Report(context, doubleCheck.Outer.Condition, doubleCheck.Inner.Condition, field, why, "NonVolatileFastPath");
                }
                else if (assignedInside is not null && UseAfterPublication(assignedInside, field) is { } laterUse)
                {
                    var why = $"'{MessageText.NameOf(field)}' is published before the object is fully initialized ('{MessageText.Snippet(laterUse.Syntax)}' runs after the assignment), so the unlocked check can return it half-built";
                    Report(context, assignedInside, laterUse, field, why, "PublishedBeforeInitialized");
                }
            }
        }
    }

    private static void Report(RuleContext context, IOperation at, IOperation other, IFieldSymbol field, string why, string defect) =>
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BrokenDoubleCheckedLocking,
            at.Syntax.GetLocation(),
            ImmutableArray.Create(other.Syntax.GetLocation()),
            ImmutableDictionary<string, string?>.Empty.Add(DefectProperty, defect).Add(GuardProperties.FieldName, field.Name),
            MessageText.NameOf(field),
            why));

    private static bool IsVolatileRead(IFieldReferenceOperation read) =>
        read.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Read", ContainingType.Name: "Volatile" } } };

    /// <summary>The statement-level assignment of <paramref name="field"/> in the guarded branch.</summary>
    private static ISimpleAssignmentOperation? AssignmentInside(IOperation branch, IFieldSymbol field)
    {
        foreach (var operation in branch.DescendantsAndSelf())
        {
            if (operation is ISimpleAssignmentOperation { Parent: IExpressionStatementOperation, Target: IFieldReferenceOperation target } assignment &&
                SymbolEqualityComparer.Default.Equals(target.Field.OriginalDefinition, field.OriginalDefinition))
            {
                return assignment;
            }
        }

        return null;
    }

    /// <summary>A later statement of the same block that still works on the object after it was published.</summary>
    private static IOperation? UseAfterPublication(ISimpleAssignmentOperation assignment, IFieldSymbol field)
    {
        if (assignment.Parent is not IExpressionStatementOperation { Parent: IBlockOperation block } statement)
        {
            return null;
        }

        var after = false;
        foreach (var sibling in block.Operations)
        {
            if (sibling == statement)
            {
                after = true;
                continue;
            }

            if (after && sibling.ReadsOwnField(field))
            {
                return sibling;
            }
        }

        return null;
    }
}
