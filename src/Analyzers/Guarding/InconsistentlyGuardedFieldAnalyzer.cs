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
/// Left to other rules so one defect gets one finding: accesses that hold some other guard (GRD204) — also in a member
/// that every caller calls under some guard, though not always the same one — enumerations
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
                MessageText.NameOf(field),
                guard.Guard.Describe(),
                GuardingFacts.NameOf(guard.Example.Member),
                access.IsWrite ? "written" : "read"));
        }
    }

    private static List<GuardedAccess> UnguardedAccesses(TypeConcurrencyModel model, FieldGuarding facts)
    {
        var field = facts.Field;
        var isCollection = model.Types.IsNonConcurrentCollection(field.Type);
        var writes = new WriteShape(model, facts);
        var unguarded = new List<GuardedAccess>();
        foreach (var access in facts.Accesses)
        {
            if (!access.Held.IsEmpty ||
                model.RunsUnderSomeGuard(access.Access) ||
                (writes.GuardOrdersOnlyStores && IsWholeStore(model, access) && !IsReadEarlierInBody(facts, access)) ||
                access.Use == FieldUseKind.Atomic ||
                (access.Use == FieldUseKind.Read && field.IsVolatile) ||
                (isCollection && FieldUse.IsEnumeration(access.Access)) ||
                IsLazyInitializationFastPath(facts, access) ||
                (access.Use == FieldUseKind.Read && writes.IsPublishedOnce) ||
                (access.Use == FieldUseKind.Read && model.IsCopyOnWrite(field)) ||
                (access.Use == FieldUseKind.Read && IsSafeForReadersBesideOneWriter(field.Type)) ||
                (access.Use == FieldUseKind.Read && writes.OnlyWriter == access.Access.Context.ExecutableRoot) ||
                (access.Use == FieldUseKind.Read && SeesOnlyWholeValues(model, facts, writes, access)) ||
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
    /// A read that can only see an older or a newer whole value, never a broken one, and decides nothing the guard
    /// should have covered: a flag, a number, an enum or an immutable value (read in one step), the <c>Count</c> of a
    /// collection, the <c>Length</c> of an array or an element of one (a reference or such a value), or a reference the guarded code never
    /// sets to null (or that the body reads only once and never dereferences, so taking the guard could not keep a null
    /// from it). A stale value is all it risks, which the rule leaves alone (GRD201.md: "Stale reads"). It is still
    /// reported when it is the check in front of code that takes the guard or writes the field
    /// (<c>if (_closed) throw …; lock (_gate) { … }</c>): the decision belongs inside the guard.
    /// </summary>
    private static bool SeesOnlyWholeValues(TypeConcurrencyModel model, FieldGuarding facts, WriteShape writes, GuardedAccess read)
    {
        var field = facts.Field;
        var wholeValue = model.Types.IsNonConcurrentCollection(field.Type)
            ? IsCountRead(read.Access.Operation) || (IsNullTest(read.Access.Operation) && !writes.IsEverSetToNull)
            : field.Type is IArrayTypeSymbol array
                ? IsLengthRead(read.Access.Operation) ||
                  ((array.ElementType.IsReferenceType || IsReadInOneStep(model, array.ElementType)) && IsElementRead(read.Access.Operation))
                : IsReadInOneStep(model, field.Type) ||
                  (field.Type.IsReferenceType && (!writes.IsEverSetToNull || (!OthersInBody(facts, read).Any() && IsNotDereferenced(read.Access.Operation))));
        return wholeValue && !ChecksBeforeTakingTheGuard(read, facts);
    }

    /// <summary>An element read (<c>_items[i]</c>) or a <c>foreach</c> over the array: each element is read whole, only ever stale.</summary>
    private static bool IsElementRead(IOperation reference)
    {
        var use = reference.WithEnclosingConversions();

        return use.Parent switch
        {
            // Stores are writes already (FieldUse); an element passed by ref may be changed by the callee.
            IArrayElementReferenceOperation element => element.ArrayReference == use &&
                element.Parent is not IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out },
            IForEachLoopOperation loop => loop.Collection == use,
            _ => false,
        };
    }

    /// <summary>The array's <c>Length</c>: fixed for each array, so a read sees the length of the old or the new one.</summary>
    private static bool IsLengthRead(IOperation reference) =>
        reference.Parent is IPropertyReferenceOperation { Property.Name: "Length" or "LongLength" } length && length.Instance == reference;

    /// <summary>The field's other accesses in the same body (method, accessor, lambda) as <paramref name="access"/>.</summary>
    private static IEnumerable<GuardedAccess> OthersInBody(FieldGuarding facts, GuardedAccess access) =>
        facts.Accesses.Where(other => other != access && other.Access.Context.ExecutableRoot == access.Access.Context.ExecutableRoot);

    /// <summary>
    /// The reference is tested against null, read through <c>?.</c> or <c>??</c>, returned or stored whole: whatever
    /// it holds, null included, the code after it handles, and it reads the field only here.
    /// </summary>
    private static bool IsNotDereferenced(IOperation reference)
    {
        var use = reference.WithEnclosingConversions();

        return IsNullTest(reference) || use.Parent switch
        {
            IConditionalAccessOperation access => access.Operation == use,
            ICoalesceOperation coalesce => coalesce.Value == use,
            IReturnOperation => true,
            IVariableInitializerOperation => true,
            ISimpleAssignmentOperation assignment => assignment.Value == use && assignment.Target is ILocalReferenceOperation,
            _ => false,
        };
    }

    /// <summary>
    /// A plain assignment of a whole value (a reference, or a value read in one step) that does not read the field:
    /// <c>_lastError = ex.Message</c>, not <c>_count = _count + 1</c> or a change to the collection the field holds.
    /// </summary>
    private static bool IsWholeStore(TypeConcurrencyModel model, GuardedAccess access) =>
        access.IsWrite &&
        access.Access.Operation.Parent is ISimpleAssignmentOperation assignment &&
        assignment.Target == access.Access.Operation &&
        (access.Access.Field.Type.IsReferenceType || IsReadInOneStep(model, access.Access.Field.Type)) &&
        !assignment.Value.DescendantsAndSelf().Any(operation =>
            operation is IFieldReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Field, access.Access.Field));

    /// <summary>Whether the body reads the field before <paramref name="store"/>: then the store is the act of a test-then-set or a read-modify-write.</summary>
    private static bool IsReadEarlierInBody(FieldGuarding facts, GuardedAccess store) =>
        OthersInBody(facts, store).Any(other =>
            other.Use == FieldUseKind.Read && other.Access.Operation.Syntax.SpanStart < store.Access.Operation.Syntax.SpanStart);

    /// <summary>A test of the reference itself (<c>_items is null</c>, <c>_items != null</c>), not of what it holds.</summary>
    private static bool IsNullTest(IOperation reference)
    {
        var use = reference.WithEnclosingConversions();

        return use.Parent switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison =>
                (comparison.LeftOperand == use ? comparison.RightOperand : comparison.LeftOperand).WithoutConversions() is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } },
            IIsPatternOperation { Pattern: IConstantPatternOperation or INegatedPatternOperation } isPattern => isPattern.Value == use,
            _ => false,
        };
    }

    private static bool IsCountRead(IOperation reference) =>
        reference.Parent is IPropertyReferenceOperation { Property.Name: "Count" } count && count.Instance == reference;

    /// <summary>Values a thread reads whole: references to interchangeable values, and primitives and enums no wider than a pointer on 64-bit .NET.</summary>
    private static bool IsReadInOneStep(TypeConcurrencyModel model, ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum ||
        type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte or
            SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or
            SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double or
            SpecialType.System_IntPtr or SpecialType.System_UIntPtr or SpecialType.System_DateTime ||
        (type.IsReferenceType && model.Types.IsInterchangeableValue(type));

    /// <summary>Whether some write of the field (outside construction) stores null, so a reader may find it gone between two reads.</summary>
    private static bool ComputeIsEverSetToNull(FieldGuarding facts)
    {
        foreach (var access in facts.Accesses)
        {
            if (access.IsWrite && access.Access.Operation.Parent switch
            {
                ISimpleAssignmentOperation assignment => assignment.Target == access.Access.Operation && MayBeNull(assignment.Value),
                IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Exchange" or "CompareExchange" } swap } argument =>
                    swap.Arguments.Length > 1 && swap.Arguments[0] == argument && MayBeNull(swap.Arguments[1].Value),
                IArgumentOperation => true,
                _ => false,
            })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A null literal or default, or an expression that is not a new object (a parameter, a call) and may be null.</summary>
    private static bool MayBeNull(IOperation value)
    {
        value = value.WithoutConversions();
        if (value is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation)
        {
            return true;
        }

        if (value is IObjectCreationOperation or IArrayCreationOperation or IAnonymousFunctionOperation or IDelegateCreationOperation or IInstanceReferenceOperation)
        {
            return false;
        }

        // With nullable analysis on, the compiler knows whether the stored value can be null here.
        var flowState = value.SemanticModel?.GetTypeInfo(value.Syntax).Nullability.FlowState ?? NullableFlowState.None;
        return flowState == NullableFlowState.None
            ? value.Type?.NullableAnnotation != NullableAnnotation.NotAnnotated
            : flowState == NullableFlowState.MaybeNull;
    }

    /// <summary>
    /// Whether the read decides (an <c>if</c>, a loop, a conditional expression) whether later code in the same body runs
    /// that then takes the field's guard or writes the field: a check made outside the guard for an act made after it.
    /// </summary>
    private static bool ChecksBeforeTakingTheGuard(GuardedAccess read, FieldGuarding facts)
    {
        IOperation current = read.Access.Operation;
        IOperation? decision = null;
        for (var parent = current.Parent; parent is not null && parent != read.Access.Context.ExecutableRoot; current = parent, parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional && conditional.Condition == current ||
                parent is IWhileLoopOperation loop && loop.Condition == current)
            {
                decision = parent;
                break;
            }

            if (parent is IBlockOperation or IExpressionStatementOperation or IReturnOperation or IVariableDeclarationGroupOperation)
            {
                return false;
            }
        }

        if (decision is null || facts.WriteGuard is not { } guard)
        {
            return false;
        }

        foreach (var access in facts.Accesses)
        {
            // A later write of the field (guarded or not) makes the read the test of a test-then-set.
            if (access.Access.Context.ExecutableRoot == read.Access.Context.ExecutableRoot &&
                (access.Held.Contains(guard.Guard) || access.IsWrite) &&
                access.Access.Operation.Syntax.SpanStart > decision.Syntax.SpanStart)
            {
                return true;
            }
        }

        // The guard may cover other state only: any region of it later in the body counts.
        return HasGuardRegionAfter(read.Access.Context.ExecutableRoot, decision, guard.Guard);
    }

    private static bool HasGuardRegionAfter(IOperation root, IOperation decision, Guard guard)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation.Syntax.SpanStart > decision.Syntax.SpanStart &&
                operation is ILockOperation lockOperation &&
                GuardScanner.GuardOf(lockOperation.LockedValue, GuardKind.Lock).Equals(guard))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>Hashtable</c> promises that any number of readers may run beside one writer; its writes are what need the guard.
    /// </summary>
    private static bool IsSafeForReadersBesideOneWriter(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Hashtable", ContainingNamespace: { Name: "Collections", ContainingNamespace.Name: "System" } };

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
            if (model.GuardsHeldAt(access).IsEmpty && ReadModifyWrite.At(access.Operation) is { } update)
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

    /// <summary>What a field's writes (outside construction) tell about its reads, worked out once for all of them.</summary>
    private sealed class WriteShape
    {
        private readonly FieldGuarding _facts;
        private bool? _everSetToNull;

        public WriteShape(TypeConcurrencyModel model, FieldGuarding facts)
        {
            _facts = facts;
            var writes = 0;
            var allInitialize = facts.Field.Type.IsReferenceType;
            IOperation? onlyWriter = null;
            var oneBody = true;
            foreach (var access in facts.Accesses)
            {
                if (!access.IsWrite)
                {
                    continue;
                }

                writes++;
                allInitialize &= !access.Held.IsEmpty && LazyInitialization.IsInitializingWrite(access.Access.Operation);
                oneBody &= onlyWriter is null || onlyWriter == access.Access.Context.ExecutableRoot;
                onlyWriter = access.Access.Context.ExecutableRoot;
            }

            IsPublishedOnce = writes > 0 && allInitialize;
            OnlyWriter = writes > 0 && oneBody ? onlyWriter : null;
            GuardOrdersOnlyStores = facts.Accesses.All(access => access.Held.IsEmpty || access.Use == FieldUseKind.Atomic || IsWholeStore(model, access));
        }

        /// <summary>
        /// Whether everything done with the field under a guard is a whole store: no guarded code reads it, so the guard
        /// only orders the stores. An unguarded whole store (not the act of a test-then-set in its body) cannot be lost,
        /// torn or seen half-way by guarded code, and which of two stores lands last depends on timing with the guard or
        /// without it.
        /// </summary>
        public bool GuardOrdersOnlyStores { get; }

        /// <summary>
        /// A reference field whose every write is a lazy initialization under a guard: it goes from null to its one
        /// value once, so a read without the guard sees null or that value, fully built when the guard was released
        /// (double-checked locking, whose fast path GRD104 judges). A field that is ever reset or replaced is not.
        /// </summary>
        public bool IsPublishedOnce { get; }

        /// <summary>
        /// The one body that makes every write, if there is one: the worker loop that replaces a field under the guard,
        /// for readers elsewhere, reads its own writes there without it.
        /// </summary>
        public IOperation? OnlyWriter { get; }

        /// <summary>Whether some write stores null, so a reader may find it gone between two reads.</summary>
        public bool IsEverSetToNull => _everSetToNull ??= ComputeIsEverSetToNull(_facts);
    }
}
