using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Lifecycle;

/// <summary>
/// GRD301: a guard (<c>if (!_connected) return;</c>, or <c>if (_connected) { … }</c>) tests a shared state flag, and
/// the method changes that flag only later — in a <c>finally</c> block, after an <c>await</c>, or after the work the
/// guard lets through (<c>if (!s_installed) { Register(…); s_installed = true; }</c>) — so every caller that arrives
/// meanwhile passes the same guard.
/// </summary>
public sealed class LateStateFlagResetAnalyzer : TypeModelAnalyzer
{
    /// <summary>Diagnostic property: <c>EarlyExit</c> when the guard leaves the method, <c>Wrapped</c> when the guarded code is its body.</summary>
    internal const string GuardShapeProperty = "GuardShape";

    /// <summary>Diagnostic property: "true" when the late assignment stores a constant (the fix moves only those).</summary>
    internal const string ConstantValueProperty = "ConstantValue";

    /// <summary>
    /// Diagnostic property: "true" when the work before the late assignment sets up other state of the type (an
    /// initialize-once flag: callers that pass a moved flag would use that state before it exists), so the fix, which
    /// moves the flag up, is not offered.
    /// </summary>
    internal const string PublishesStateProperty = "PublishesState";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LateStateFlagReset);

    private enum GuardShape
    {
        EarlyExit,
        Wrapped,
    }

    /// <summary>How long after the check a write of the flag lands.</summary>
    private enum Lateness
    {
        /// <summary>Directly after the check: nothing that takes time runs before it.</summary>
        None,

        /// <summary>In a <c>finally</c> block of the guarded code.</summary>
        InFinally,

        /// <summary>After an <c>await</c> of the guarded code.</summary>
        AfterAwait,

        /// <summary>After a call of the guarded code: the work the check lets through.</summary>
        AfterWork,
    }

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            if (!IsFlagType(field.Type) || !model.IsSharedState(field) || Annotations.IsDeclaredBenign(field))
            {
                continue;
            }

            foreach (var check in model.AccessesOf(field))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (check.InConstructor || !check.IsOnOwnInstance || Annotations.IsDeclaredBenign(check.Member) || IsWrite(check.Operation))
                {
                    continue;
                }

                if (GuardOf(check.Operation) is not { } guard)
                {
                    continue;
                }

                AnalyzeCheck(model, field, check, guard.Conditional, guard.Shape, context);
            }
        }
    }

    private static void AnalyzeCheck(TypeConcurrencyModel model, IFieldSymbol field, FieldAccess check, IConditionalOperation conditional, GuardShape shape, RuleContext context)
    {
        var function = LockFlow.FunctionOf(check.Operation);
        var writes = WritesInScope(model, field, conditional, shape, function);
        if (writes.Count == 0 && shape == GuardShape.Wrapped && ClosingWriteAfter(model, field, conditional, function) is { } trailing)
        {
            // 'if (_firstStart) StartWorkers(); … _firstStart = false;': the work the check lets through runs before the
            // write that closes it, although the write sits after the guarded statement.
            writes.Add(trailing);
        }

        if (writes.Count == 0)
        {
            return;
        }

        var awaits = LockFlow.OwnOperations(function).OfType<IAwaitOperation>().Where(a => InScope(a, conditional, shape)).ToList();
        FieldAccess? late = null;
        var lateness = Lateness.None;
        foreach (var write in writes)
        {
            var writeLateness = LatenessOf(write.Operation, conditional, shape, function, awaits);
            if (writeLateness == Lateness.None)
            {
                // Set right after the check: the guard closes at once.
                return;
            }

            if (late is null)
            {
                late = write;
                lateness = writeLateness;
            }
        }

        if (late is null ||
            (IsDisposal(check.Member) && !awaits.Any(a => LockFlow.RunsBefore(a, late.Operation))) ||
            (lateness == Lateness.AfterWork && (IsWrittenUnderAGuard(model, field) || !IsStateChange(late.Operation))) ||
            IsWrittenBeforeCheck(model, field, conditional, function) ||
            model.AreInOneGuardRegion(check, late) ||
            DoubleCheck.Around(check.Operation, model.Types, check.Member) is not null ||
            IsInFinallyOfRegionHeldAtCheck(check, late, function) ||
            SetsInProgressFlag(model, field, conditional, shape, function) ||
            KeepsGuardOpen(conditional.Condition, field, late, shape))
        {
            return;
        }

        var heldGuard = model.GuardsHeldAt(check).Select(g => (Guard?)g).FirstOrDefault(g => g!.Value.Target != GuardTargetKind.Unknown);
        var assignment = late.Operation.Parent!;
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[GuardProperties.FieldName] = field.Name;
        properties[GuardShapeProperty] = shape.ToString();
        properties[ConstantValueProperty] = assignment is ISimpleAssignmentOperation { Value.ConstantValue.HasValue: true } ? "true" : "false";
        var publishesState = lateness == Lateness.AfterWork && SetsUpOtherState(field, conditional, shape, late, function);
        properties[PublishesStateProperty] = publishesState ? "true" : "false";

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.LateStateFlagReset,
            assignment.Syntax.GetLocation(),
            new[] { conditional.Condition.Syntax.GetLocation() },
            properties.ToImmutable(),
            MessageText.NameOf(field),
            MessageText.Snippet(conditional.Condition.Syntax),
            MessageText.Snippet(assignment.Syntax),
            lateness switch
            {
                Lateness.InFinally => "in a finally block",
                Lateness.AfterAwait => "after an await",
                _ => "after the work it guards",
            },
            publishesState
                ? "make the check, the work and the set one step: run them under a lock and test the flag again inside it"
                : "set it directly after the check" + (heldGuard is { } guard ? $" inside {guard.Describe()}" : string.Empty)));
    }

    /// <summary>
    /// When <paramref name="write"/> lands: in a <c>finally</c> or after an <c>await</c> of the guarded code, or after a
    /// call there (the work); a write with none of these before it closes the guard at once.
    /// </summary>
    private static Lateness LatenessOf(IOperation write, IConditionalOperation conditional, GuardShape shape, IOperation function, List<IAwaitOperation> awaits)
    {
        var finallyTry = LockFlow.EnclosingFinally(write, function);
        if (finallyTry is not null && InScope(finallyTry, conditional, shape))
        {
            return Lateness.InFinally;
        }

        if (awaits.Any(a => LockFlow.RunsBefore(a, write)))
        {
            return Lateness.AfterAwait;
        }

        return LockFlow.OwnOperations(function).Any(operation => IsWork(operation) && InScope(operation, conditional, shape) && LockFlow.RunsBefore(operation, write))
            ? Lateness.AfterWork
            : Lateness.None;
    }

    /// <summary>
    /// A call or a construction: work that takes time while the guard stays open. Logging and debug output do not
    /// count (<c>_log.Info("starting"); _started = true;</c> sets the flag as good as directly).
    /// </summary>
    private static bool IsWork(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => !IsDiagnosticOutput(invocation.TargetMethod),
        IObjectCreationOperation => true,
        _ => false,
    };

    private static bool IsDiagnosticOutput(IMethodSymbol method)
    {
        var ns = method.ContainingType?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        var typeName = method.ContainingType?.Name ?? string.Empty;
        return ns is "System.Diagnostics" or "Microsoft.Extensions.Logging" ||
            typeName.IndexOf("Log", StringComparison.Ordinal) >= 0 ||
            typeName == "Console" ||
            method.Name.StartsWith("Log", StringComparison.Ordinal) ||
            method.Name is "Warn" or "Warning" or "Info" or "Information" or "Debug" or "Trace" or "Verbose";
    }

    /// <summary>
    /// Whether the work before the late write also sets other fields or properties of the type: the flag then says
    /// "ready", not "claimed", and a caller let through by a flag set earlier would use state that is not there yet.
    /// </summary>
    private static bool SetsUpOtherState(IFieldSymbol flag, IConditionalOperation conditional, GuardShape shape, FieldAccess late, IOperation function)
    {
        foreach (var operation in LockFlow.OwnOperations(function))
        {
            ISymbol? target = operation switch
            {
                IAssignmentOperation { Target: IFieldReferenceOperation field } => field.Field,
                IAssignmentOperation { Target: IPropertyReferenceOperation property } => property.Property,
                _ => null,
            };
            if (target is not null &&
                SymbolEqualityComparer.Default.Equals(target.ContainingType?.OriginalDefinition, flag.ContainingType.OriginalDefinition) &&
                !SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, flag.OriginalDefinition) &&
                InScope(operation, conditional, shape) &&
                LockFlow.RunsBefore(operation, late.Operation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The writes of <paramref name="field"/> that run once the guard has passed, in source order.</summary>
    private static List<FieldAccess> WritesInScope(TypeConcurrencyModel model, IFieldSymbol field, IConditionalOperation conditional, GuardShape shape, IOperation function)
    {
        var writes = new List<FieldAccess>();
        foreach (var access in model.AccessesOf(field))
        {
            if (access.IsOnOwnInstance && IsWrite(access.Operation) && InScope(access.Operation, conditional, shape) && LockFlow.FunctionOf(access.Operation) == function)
            {
                writes.Add(access);
            }
        }

        writes.Sort((a, b) => a.Operation.Syntax.SpanStart.CompareTo(b.Operation.Syntax.SpanStart));
        return writes;
    }

    /// <summary>
    /// The first write of the flag after a wrapping guard, in the block around it, when it stores the value that closes
    /// the guard (<c>if (_firstStart) StartWorkers(); … _firstStart = false;</c>).
    /// </summary>
    private static FieldAccess? ClosingWriteAfter(TypeConcurrencyModel model, IFieldSymbol field, IConditionalOperation conditional, IOperation function)
    {
        var first = model.AccessesOf(field)
            .Where(access => access.IsOnOwnInstance && IsWrite(access.Operation) && LockFlow.FunctionOf(access.Operation) == function &&
                LockFlow.RunsBefore(conditional, access.Operation))
            .OrderBy(access => access.Operation.Syntax.SpanStart)
            .FirstOrDefault();

        return first?.Operation.Parent is ISimpleAssignmentOperation { Value.ConstantValue: { HasValue: true } value } &&
            Evaluate(conditional.Condition, field, value.Value) == false
                ? first
                : null;
    }

    /// <summary>
    /// Disposal (<c>Dispose</c>, <c>DisposeAsync</c>, <c>Dispose(bool)</c>): its owner calls it once (a <c>using</c> block, a
    /// container), and <see cref="System.IDisposable"/> does not promise that concurrent calls are safe, so a
    /// "disposed" flag set in the <c>finally</c> of a synchronous disposal leaves no window another caller is meant to
    /// use. After an <c>await</c> the window spans the whole asynchronous close, and it is still reported.
    /// </summary>
    private static bool IsDisposal(ISymbol member) =>
        member is IMethodSymbol { Name: "Dispose" or "DisposeAsync" or "DisposeAsyncCore" } method &&
        (method.Parameters.IsEmpty || (method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean));

    /// <summary>
    /// A synchronous late write that moves the flag to another state: a constant stored outside a <c>catch</c>. A
    /// computed value is a cache of what the check compares (<c>_msId = schema.Id</c>), and a store in a <c>catch</c>
    /// records that the work failed (<c>_probe = false</c> after a platform says no), which racing callers find alike.
    /// </summary>
    private static bool IsStateChange(IFieldReferenceOperation write) =>
        write.Parent is ISimpleAssignmentOperation { Value.ConstantValue.HasValue: true } &&
        !write.Ancestors().Any(ancestor => ancestor is ICatchClauseOperation);

    /// <summary>
    /// A flag some code writes while holding a guard: an unguarded check and set of it elsewhere is GRD201's finding
    /// (the guard exists and is not taken), so a synchronous late set is left to it.
    /// </summary>
    private static bool IsWrittenUnderAGuard(TypeConcurrencyModel model, IFieldSymbol field) =>
        model.AccessesOf(field).Any(access => IsWrite(access.Operation) && !model.GuardsHeldAt(access).IsEmpty);

    /// <summary>
    /// The method changes the field before it tests it (<c>Interlocked.Increment(ref _depth); if (_depth &gt; max) …</c>):
    /// a counter reserved before the check and released in <c>finally</c>, not a gate that stays open until then.
    /// </summary>
    private static bool IsWrittenBeforeCheck(TypeConcurrencyModel model, IFieldSymbol field, IConditionalOperation conditional, IOperation function)
    {
        foreach (var access in model.AccessesOf(field))
        {
            if (access.IsOnOwnInstance && IsWrite(access.Operation) && LockFlow.FunctionOf(access.Operation) == function &&
                access.Operation.Syntax.SyntaxTree == conditional.Syntax.SyntaxTree && access.Operation.Syntax.SpanStart < conditional.Syntax.SpanStart)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The correct "in progress + complete" pattern: the guard, or another early-exit guard of the same method, tests
    /// another flag that is set right after it.
    /// </summary>
    private static bool SetsInProgressFlag(TypeConcurrencyModel model, IFieldSymbol field, IConditionalOperation conditional, GuardShape shape, IOperation function)
    {
        var awaits = LockFlow.OwnOperations(function).OfType<IAwaitOperation>().Where(a => InScope(a, conditional, shape)).ToList();
        var tested = conditional.Condition.DescendantsAndSelf().OfType<IFieldReferenceOperation>().ToList();
        foreach (var other in LockFlow.OwnOperations(function).OfType<IConditionalOperation>())
        {
            if (other != conditional && other.Parent is IBlockOperation && other.WhenFalse is null && LeavesFunction(other.WhenTrue))
            {
                tested.AddRange(other.Condition.DescendantsAndSelf().OfType<IFieldReferenceOperation>());
            }
        }

        foreach (var other in tested)
        {
            var otherField = other.Field.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(otherField, field))
            {
                continue;
            }

            foreach (var write in WritesInScope(model, otherField, conditional, shape, function))
            {
                if (LatenessOf(write.Operation, conditional, shape, function, awaits) == Lateness.None)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The late write sits in the <c>finally</c> of a <c>try</c> whose guard region the check is in (e.g. before the semaphore's release).</summary>
    private static bool IsInFinallyOfRegionHeldAtCheck(FieldAccess check, FieldAccess late, IOperation function)
    {
        var tryOperation = LockFlow.EnclosingFinally(late.Operation, function);
        return tryOperation is not null && check.Context.Regions.Any(r => r.Owner == tryOperation);
    }

    /// <summary>Whether the late write stores a value with which the guard still lets callers through (it re-opens the gate rather than closing it).</summary>
    private static bool KeepsGuardOpen(IOperation condition, IFieldSymbol field, FieldAccess late, GuardShape shape)
    {
        if (late.Operation.Parent is not ISimpleAssignmentOperation { Value.ConstantValue: { HasValue: true } value })
        {
            return false;
        }

        var result = Evaluate(condition, field, value.Value);
        return result is { } taken && (shape == GuardShape.EarlyExit ? !taken : taken);
    }

    /// <summary>The condition's value when <paramref name="field"/> holds <paramref name="value"/>, or null when it depends on more.</summary>
    private static bool? Evaluate(IOperation operation, IFieldSymbol field, object? value)
    {
        operation = operation.WithoutConversions();
        switch (operation)
        {
            case IFieldReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Field.OriginalDefinition, field):
                return value is bool flag ? flag : null;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Evaluate(not.Operand, field, value) is { } inner ? !inner : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical:
                var left = Evaluate(logical.LeftOperand, field, value);
                var right = Evaluate(logical.RightOperand, field, value);
                return logical.OperatorKind == BinaryOperatorKind.ConditionalAnd
                    ? (left == false || right == false ? false : left == true && right == true ? true : null)
                    : (left == true || right == true ? true : left == false && right == false ? false : null);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                var constant = IsFlag(comparison.LeftOperand, field) ? comparison.RightOperand.ConstantValue
                    : IsFlag(comparison.RightOperand, field) ? comparison.LeftOperand.ConstantValue
                    : default;
                if (!constant.HasValue)
                {
                    return null;
                }

                var equal = SameConstant(constant.Value, value);
                return equal is { } same ? (comparison.OperatorKind == BinaryOperatorKind.Equals ? same : !same) : null;
            default:
                return null;
        }
    }

    private static bool IsFlag(IOperation operation, IFieldSymbol field) =>
        operation.WithoutConversions() is IFieldReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Field.OriginalDefinition, field);

    private static bool? SameConstant(object? a, object? b)
    {
        if (a is bool || b is bool)
        {
            return Equals(a, b);
        }

        try
        {
            return a is not null && b is not null && Convert.ToDecimal(a, System.Globalization.CultureInfo.InvariantCulture) == Convert.ToDecimal(b, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>The statement <c>if</c> whose condition reads the flag and that guards what follows, with its shape.</summary>
    private static (IConditionalOperation Conditional, GuardShape Shape)? GuardOf(IFieldReferenceOperation reference)
    {
        IOperation current = reference;
        while (current.Parent is { } parent)
        {
            if (parent is IConditionalOperation { Type: null, WhenFalse: null } conditional && current == conditional.Condition && conditional.Parent is IBlockOperation)
            {
                if (LeavesFunction(conditional.WhenTrue))
                {
                    return (conditional, GuardShape.EarlyExit);
                }

                return conditional.WhenTrue.AlwaysExits() ? null : (conditional, GuardShape.Wrapped);
            }

            if (parent is IBlockOperation or IExpressionStatementOperation or IVariableDeclarationGroupOperation or IReturnOperation or IAnonymousFunctionOperation or ILocalFunctionOperation or IConditionalOperation)
            {
                return null;
            }

            current = parent;
        }

        return null;
    }

    private static bool LeavesFunction(IOperation statement) => statement switch
    {
        IReturnOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => LeavesFunction(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    private static bool InScope(IOperation operation, IConditionalOperation conditional, GuardShape shape) =>
        shape == GuardShape.EarlyExit
            ? operation.Syntax.SyntaxTree == conditional.Syntax.SyntaxTree && operation.Syntax.SpanStart >= conditional.Syntax.Span.End
            : operation.IsWithin(conditional.WhenTrue);

    private static bool IsWrite(IFieldReferenceOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
        _ => false,
    };

    private static bool IsFlagType(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum ||
        type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Byte or
            SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64;
}
