using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Atomicity;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Guarding;

/// <summary>
/// GRD201: a shared field is written under a guard somewhere (outside constructors) and accessed elsewhere while
/// no guard at all is held. Reported at each such access, with an additional location at a guarded write.
/// </summary>
/// <remarks>
/// Left to other rules so one defect gets one finding: accesses that hold some other guard (GRD204), enumerations
/// of a non-concurrent collection (GRD202), <c>[GuardedBy]</c> fields (GRD203), and the check or act of a GRD101
/// check-then-act sequence. Quiet on <c>Interlocked</c>/<c>Volatile</c> accesses, plain reads of <c>volatile</c>
/// fields, fields never written under a guard after construction (so <c>readonly</c> collections that are only
/// filled in the constructor), fields of thread-safe types, and the lock-free fast path of a lazy initialisation
/// that re-checks under the guard (GRD104's business).
/// </remarks>
public sealed class InconsistentlyGuardedFieldAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.InconsistentlyGuardedField);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        var findings = new List<(GuardedAccess Access, GuardUse Guard)>();
        var unreported = new List<(GuardedAccess Access, GuardUse Guard)>();
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
            if (facts.WriteGuard is { } writeGuard)
            {
                // One finding per statement: 'if (_s != null) _s.Write(x);' is one race on '_s', not two. The fix takes
                // the guard around every unguarded access of the body all the same (the related spans).
                var reportedStatements = new HashSet<SyntaxNode>();
                foreach (var access in UnguardedAccesses(model, facts))
                {
                    var statement = access.Access.Operation.Syntax.FirstAncestorOrSelf<SyntaxNode>(node => node is StatementSyntax or ArrowExpressionClauseSyntax) ?? access.Access.Operation.Syntax;
                    if (reportedStatements.Add(statement))
                    {
                        findings.Add((access, writeGuard));
                    }
                    else
                    {
                        unreported.Add((access, writeGuard));
                    }
                }
            }
        }

        foreach (var (access, guard) in findings)
        {
            // The other findings in the same body that need the same guard: the fix takes it around them together.
            var related = findings.Concat(unreported)
                .Where(other => other.Access != access &&
                    other.Access.Access.Context.ExecutableRoot == access.Access.Context.ExecutableRoot &&
                    other.Guard.Guard.Equals(guard.Guard))
                .Select(other => other.Access.Access.Operation.Syntax.GetLocation());
            var field = access.Access.Field;
            var properties = GuardingFacts.FixProperties(model, field, guard.Guard, access.Access.Member, access.IsWrite);
            properties[GuardingProperties.RelatedSpans] = GuardingFacts.EncodeSpans(related);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InconsistentlyGuardedField,
                access.Access.Operation.Syntax.GetLocation(),
                new[] { guard.Example.Operation.Syntax.GetLocation() },
                properties.ToImmutable(),
                field.Name,
                guard.Guard.Describe(),
                GuardingFacts.NameOf(guard.Example.Member),
                access.IsWrite ? "written" : "read"));
        }
    }

    private static List<GuardedAccess> UnguardedAccesses(TypeConcurrencyModel model, FieldGuarding facts)
    {
        var field = facts.Field;
        var isCollection = model.Types.IsNonConcurrentCollection(field.Type);
        var unguarded = new List<GuardedAccess>();
        foreach (var access in facts.Accesses)
        {
            if (!access.Held.IsEmpty ||
                access.Use == FieldUseKind.Atomic ||
                (access.Use == FieldUseKind.Read && field.IsVolatile) ||
                (isCollection && FieldUse.IsEnumeration(access.Access)) ||
                IsLazyInitializationFastPath(facts, access) ||
                (access.Use == FieldUseKind.Read && IsPublishedOnce(facts)) ||
                (access.Use == FieldUseKind.Read && IsReadByItsOnlyWriter(facts, access)) ||
                (access.Use == FieldUseKind.Read && model.Types.IsImmutableCollection(field.Type)) ||
                (access.Use == FieldUseKind.Read && DoubleCheck.Involves(access.Access.Context.ExecutableRoot, field, model.Types, access.Access.Member)))
            {
                continue;
            }

            unguarded.Add(access);
        }

        if (unguarded.Count > 0)
        {
            var reportedElsewhere = ReportedByOtherRules(model, field, isCollection);
            unguarded.RemoveAll(a =>
                (a.IsWrite && a.Access.Operation.IsInFinally()) ||
                reportedElsewhere.Exists(operation => a.Access.Operation.IsWithin(operation)));
        }

        return unguarded;
    }

    /// <summary>
    /// An unguarded read of a reference field in a body that reads and writes the field again under a guard: the
    /// fast path of double-checked locking. Whether it is correct is GRD104's question, not this rule's.
    /// </summary>
    private static bool IsLazyInitializationFastPath(FieldGuarding facts, GuardedAccess access)
    {
        if (access.Use != FieldUseKind.Read || !facts.Field.Type.IsReferenceType || !FieldUse.IsValueUse(access.Access))
        {
            return false;
        }

        var root = access.Access.Context.ExecutableRoot;
        var guardedRead = false;
        var guardedWrite = false;
        foreach (var other in facts.Accesses)
        {
            if (other.Access.Context.ExecutableRoot == root && !other.Held.IsEmpty)
            {
                // '_f ??= Create()' under the guard is the second check and the write at once.
                guardedRead |= other.Use == FieldUseKind.Read || other.Access.Operation.Parent is ICoalesceAssignmentOperation;
                guardedWrite |= other.IsWrite;
            }
        }

        return guardedRead && guardedWrite;
    }

    /// <summary>
    /// A read in the one body that writes the field (outside construction): the worker loop that replaces a field under
    /// the guard, for readers elsewhere, reads its own writes without it.
    /// </summary>
    private static bool IsReadByItsOnlyWriter(FieldGuarding facts, GuardedAccess read)
    {
        var root = read.Access.Context.ExecutableRoot;
        var writes = 0;
        foreach (var access in facts.Accesses)
        {
            if (access.IsWrite)
            {
                if (access.Access.Context.ExecutableRoot != root)
                {
                    return false;
                }

                writes++;
            }
        }

        return writes > 0;
    }

    /// <summary>
    /// A reference field whose every write (outside construction) is a lazy initialization under a guard: it goes from
    /// null to its one value once, so a read without the guard sees null or that value, fully built when the guard
    /// was released (double-checked locking, whose fast path GRD104 judges). A field that is ever reset or replaced
    /// is not published once.
    /// </summary>
    private static bool IsPublishedOnce(FieldGuarding facts)
    {
        if (!facts.Field.Type.IsReferenceType)
        {
            return false;
        }

        var writes = 0;
        foreach (var access in facts.Accesses)
        {
            if (!access.IsWrite)
            {
                continue;
            }

            if (access.Held.IsEmpty || !LazyInitialization.IsInitializingWrite(access.Access.Operation))
            {
                return false;
            }

            writes++;
        }

        return writes > 0;
    }

    /// <summary>
    /// What the atomicity rules already report on <paramref name="field"/>, so that one span is not reported twice:
    /// the checks and acts of GRD101/GRD107 sequences, and GRD105's read-modify-writes with the checks before them.
    /// Unguarded writes in <c>finally</c> are GRD302's (filtered by the caller).
    /// </summary>
    private static List<IOperation> ReportedByOtherRules(TypeConcurrencyModel model, IFieldSymbol field, bool isCollection)
    {
        var result = new List<IOperation>();
        if (isCollection)
        {
            foreach (var sequence in CheckThenActSequence.FindAll(model, field, default))
            {
                result.Add(sequence.Check.Operation);
                foreach (var act in sequence.Acts)
                {
                    result.Add(act.Operation);
                }
            }
        }

        foreach (var access in model.AccessesOf(field))
        {
            if (model.GuardsHeldAt(access).IsEmpty && NonAtomicReadModifyWriteAnalyzer.ReadModifyWriteAt(access.Operation) is { } update)
            {
                result.Add(update);
                if (NonAtomicReadModifyWriteAnalyzer.CheckOfSameField(update, field) is { } check)
                {
                    result.Add(check);
                }
            }
        }

        return result;
    }
}
