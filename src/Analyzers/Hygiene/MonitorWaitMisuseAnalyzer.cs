using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Lifecycle;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Hygiene;

/// <summary>
/// GRD404: <c>Monitor.Wait</c>, <c>Pulse</c> or <c>PulseAll</c> on an object whose lock the thread does not hold (the
/// call throws <c>SynchronizationLockException</c>), and an untimed <c>Monitor.Wait</c> that an <c>if</c> guards instead
/// of a loop (a wake-up does not mean the condition holds: the classic lost or stolen wake-up).
/// </summary>
/// <remarks>
/// <para>
/// "Not held" is reported only when no <c>lock</c>, <c>Monitor.Enter</c> or synchronized method on the same object
/// encloses the call in its function and nothing says a caller holds it. It stays quiet when a lock on something that
/// may be the same object is held (a property, a lock helper, an expression it cannot name), for a lock object that is a
/// parameter or a local it did not see created, in a lambda that is not handed to another thread or in a local
/// function (their callers are unknown), when the function tests <c>Monitor.IsEntered</c>, when the method's name says
/// its caller holds the lock (<c>…Locked</c>, <c>…UnderLock</c>, <c>…NoLock</c>, <c>…Unsafe</c>), and when the method's
/// own type calls it only inside <c>lock</c> on the object (<see cref="OwnCallers"/>) or in ways syntax cannot judge. A
/// method nobody in its type calls is reported only when other code cannot take the lock (a private field or property).
/// </para>
/// <para>
/// "Not in a loop" is reported for <c>Monitor.Wait(x)</c> (or an infinite timeout) inside an <c>if</c> of its function
/// and inside no loop at all. A wait with a finite timeout, an unconditional wait (a handshake in which the waiter
/// holds the lock until it waits), and any wait in a loop (the loop re-checks, even when it re-takes the lock each turn)
/// stay quiet.
/// </para>
/// </remarks>
public sealed class MonitorWaitMisuseAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Name endings that say the caller holds the lock.</summary>
    private static readonly string[] CallerHoldsLockSuffixes =
    {
        "Locked", "UnderLock", "WhileLocked", "InLock", "WithLock", "LockHeld", "HoldingLock", "NoLock", "Unlocked", "Unsafe", "Unsynchronized",
    };

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MonitorWaitMisuse);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationStart =>
        {
            var types = WellKnownTypes.Create(compilationStart.Compilation);
            if (AppliesTo(types))
            {
                var vocabulary = ConcurrencyVocabulary.For(compilationStart.Compilation, types);
                CodeBlockOperations.RegisterInvocationAction(compilationStart, vocabulary, (invocation, ruleContext) => AnalyzeMonitorCall(invocation, ruleContext, types));
            }
        });
    }

    /// <summary>Whether the compilation has <c>Monitor</c>.</summary>
    internal static bool AppliesTo(WellKnownTypes types) => types.Monitor is not null;

    internal static void AnalyzeMonitorCall(IInvocationOperation call, RuleContext context, WellKnownTypes types)
    {
        var method = call.TargetMethod;
        if (method.Name is not ("Wait" or "Pulse" or "PulseAll") ||
            !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, types.Monitor) ||
            ArgumentFor(call, 0) is not { } lockObject)
        {
            return;
        }

        var guard = GuardScanner.GuardOf(lockObject, GuardKind.Monitor);
        if (guard.Target == GuardTargetKind.Unknown || HeldLocks.At(call, types) is not { } held)
        {
            return;
        }

        var holds = HoldsOrMayHold(held, guard);
        if (!holds && IsSurelyNotHeld(call, guard, context, out var callWithoutLock))
        {
            Report(context, call, WaitProperties.NotHeld, $"is called without holding the lock on '{guard.Text}' (it throws SynchronizationLockException)", callWithoutLock);
            return;
        }

        if (method.Name == "Wait" && IsUntimed(call, types) && ConditionInsteadOfLoop(call) is { } condition)
        {
            Report(context, call, WaitProperties.NotInLoop, "is not in a loop that re-checks what it waits for: a wake-up does not mean the condition holds", condition.Syntax.GetLocation());
        }
    }

    private static void Report(RuleContext context, IInvocationOperation call, string reason, string text, Location? additional)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(WaitProperties.Reason, reason);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.MonitorWaitMisuse,
            call.Syntax.GetLocation(),
            additional is null ? null : new[] { additional },
            properties,
            MessageText.Snippet(call.Syntax),
            text));
    }

    /// <summary>Whether a monitor on the same object is held, or one that may be the same object under another name.</summary>
    private static bool HoldsOrMayHold(List<(Guard Guard, SyntaxNode? TakenBy)> held, Guard guard)
    {
        foreach (var (heldGuard, _) in held)
        {
            if (heldGuard.Equals(guard))
            {
                return true;
            }

            var monitorLike = heldGuard.Kind is GuardKind.Lock or GuardKind.Monitor or GuardKind.Synchronized;
            if (heldGuard.Kind == GuardKind.LockHelper || (monitorLike && !(IsNamedObject(heldGuard) && IsNamedObject(guard))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether two different guards of this form surely are different objects: fields, <c>this</c>, a <c>typeof</c>.</summary>
    private static bool IsNamedObject(Guard guard) =>
        guard.Target is GuardTargetKind.This or GuardTargetKind.TypeOf || guard.Symbol is IFieldSymbol;

    /// <summary>Whether no caller can be holding the lock either: see the class remarks for what keeps this quiet.</summary>
    private static bool IsSurelyNotHeld(IInvocationOperation call, Guard guard, RuleContext context, out Location? callWithoutLock)
    {
        callWithoutLock = null;
        var function = LockFlow.FunctionOf(call);
        if (function is IAnonymousFunctionOperation && !GuardScanner.RunsConcurrently(call))
        {
            return false;
        }

        if (function is ILocalFunctionOperation || guard.Symbol is IParameterSymbol ||
            (guard.Symbol is ILocalSymbol local && !IsCreatedHere(local, context)) ||
            TestsIsEntered(call.Root()))
        {
            return false;
        }

        if (guard.Symbol is ILocalSymbol || function is IAnonymousFunctionOperation)
        {
            // A new object, or a lambda run by another thread: no caller can hold it.
            return true;
        }

        if (HeldLocks.OwningMember(call) is not IMethodSymbol owner || CallerHoldsLockSuffixes.Any(suffix => owner.Name.EndsWith(suffix, System.StringComparison.Ordinal)))
        {
            return false;
        }

        var othersCanLock = guard.Symbol is not (IFieldSymbol { DeclaredAccessibility: Accessibility.Private } or IPropertySymbol { DeclaredAccessibility: Accessibility.Private });
        if (owner.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor)
        {
            return !othersCanLock;
        }

        var (locking, where) = OwnCallers.Of(owner, guard, othersCanLock, context.CancellationToken);
        callWithoutLock = where;
        return locking switch
        {
            CallerLocking.SomeDoNot => true,
            CallerLocking.NoCalls => owner.DeclaredAccessibility != Accessibility.Private && !othersCanLock,
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="local"/> is declared with a new object (<c>var gate = new object();</c>), so nobody else has it.</summary>
    private static bool IsCreatedHere(ILocalSymbol local, RuleContext context)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the code block asks <c>Monitor.IsEntered</c>: it checks (or asserts) that its caller holds the lock.</summary>
    private static bool TestsIsEntered(IOperation root) =>
        root.Syntax.DescendantTokens().Any(token => token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == "IsEntered");

    /// <summary>Whether the wait has no timeout, or an infinite one (<c>Timeout.Infinite</c>, <c>Timeout.InfiniteTimeSpan</c>, -1).</summary>
    private static bool IsUntimed(IInvocationOperation call, WellKnownTypes types)
    {
        if (ArgumentFor(call, 1) is not { } timeout)
        {
            return true;
        }

        return timeout.ConstantValue is { HasValue: true, Value: -1 } ||
            (timeout is IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" } field &&
             SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, types.Timeout));
    }

    /// <summary>
    /// The condition of the <c>if</c> that decides whether to wait, when the wait is in no loop at all: any enclosing
    /// loop (even outside the lock) re-checks, so only a wait that an <c>if</c> guards once is the lost wake-up.
    /// </summary>
    private static IOperation? ConditionInsteadOfLoop(IInvocationOperation call)
    {
        IConditionalOperation? guardingIf = null;
        var function = LockFlow.FunctionOf(call);
        var inFunction = true;
        IOperation current = call;
        while (current.Parent is { } parent)
        {
            if (parent is ILoopOperation)
            {
                return null;
            }

            if (inFunction && guardingIf is null && parent is IConditionalOperation { Syntax: IfStatementSyntax } conditional &&
                current != conditional.Condition && conditional.Condition.ConstantValue is not { HasValue: true })
            {
                guardingIf = conditional;
            }

            inFunction &= parent != function;
            current = parent;
        }

        return guardingIf?.Condition;
    }

    /// <summary>The value passed for the parameter at <paramref name="ordinal"/>, whatever the order the arguments are written in.</summary>
    private static IOperation? ArgumentFor(IInvocationOperation call, int ordinal)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value.WithoutConversions();
            }
        }

        return null;
    }
}
