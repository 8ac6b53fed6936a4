using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Lifecycle;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Hygiene;

/// <summary>
/// GRD405: a synchronous wait — <c>SemaphoreSlim.Wait(…)</c>, <c>task.Wait(…)</c>, <c>task.Result</c>,
/// <c>task.GetAwaiter().GetResult()</c> on a <c>Task</c> or <c>ValueTask</c> — in an <c>async</c> method, lambda or
/// local function (it blocks a pool thread that the awaited work may need), or, outside async code, while the function
/// holds a thread lock (<c>lock</c>, <c>Monitor.Enter</c>, a synchronized method, <c>System.Threading.Lock</c>, a
/// reader/writer section): every thread that needs the lock stalls too, and deadlocks when the awaited work needs it.
/// </summary>
/// <remarks>
/// Quiet for waits that cannot block: <c>Wait(0)</c> and <c>Wait(TimeSpan.Zero)</c> (a try), and a task known to be
/// complete — <c>Task.CompletedTask</c>, <c>Task.FromResult</c>/<c>FromException</c>/<c>FromCanceled</c>, a
/// <c>ValueTask</c> built from a value, a task the function already awaited, any task after the function awaited
/// <c>Task.WhenAll</c>/<c>WhenAny</c>, one whose <c>IsCompleted…</c>/<c>Status</c> the function checks first (as a
/// property or a helper method, through the same variable and members), and the antecedent handed to a
/// <c>ContinueWith</c> continuation. Quiet for a task kept in a field or property: code reads those where its own
/// protocol says they completed, which the rule cannot see; it reports tasks a call just returned and tasks in locals
/// and parameters. Quiet in the synchronous branch of a choice whose other branch awaits
/// (<c>if (async) await s.WaitAsync(); else s.Wait();</c>: synchronous callers block their own thread), in <c>Main</c>
/// and top-level statements (nothing else runs on that thread), and in test code — a method with an xUnit, NUnit or
/// MSTest attribute (by name, also derived or named alike: <c>[SkippableFact]</c>), or any member of a class that has
/// one — where blocking for a result is the test's intent. Synchronous code that holds no lock is not this rule's
/// concern. Holding a lock across an <c>await</c> is GRD304's.
/// </remarks>
public sealed class BlockingWaitInAsyncCodeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Attribute names (without "Attribute") that mark a test method or a test class.</summary>
    private static readonly HashSet<string> TestAttributes = new(System.StringComparer.Ordinal)
    {
        "Fact", "Theory", "Test", "TestCase", "TestCaseSource", "TestMethod", "DataTestMethod", "TestFixture", "TestClass",
    };

    /// <summary>Endings of attribute names that frameworks and test helpers derive from the attributes above.</summary>
    private static readonly string[] TestAttributeEndings = { "Fact", "Theory", "Test", "TestMethod" };

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BlockingWaitInAsyncCode);

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
                CodeBlockOperations.RegisterOperationAction(compilationStart, vocabulary, (operation, ruleContext) =>
                {
                    switch (operation)
                    {
                        case IInvocationOperation invocation:
                            AnalyzeBlockingCall(invocation, ruleContext, types);
                            break;
                        case IPropertyReferenceOperation property:
                            AnalyzeResultRead(property, ruleContext, types);
                            break;
                    }
                });
            }
        });
    }

    /// <summary>Whether the compilation has semaphores or tasks to block on.</summary>
    internal static bool AppliesTo(WellKnownTypes types) => types.SemaphoreSlim is not null || types.Task is not null;

    /// <summary><c>semaphore.Wait(…)</c>, <c>task.Wait(…)</c>, <c>task.GetAwaiter().GetResult()</c>.</summary>
    internal static void AnalyzeBlockingCall(IInvocationOperation call, RuleContext context, WellKnownTypes types)
    {
        var method = call.TargetMethod;
        switch (method.Name)
        {
            case "Wait" when call.Instance is not null && Is(method.ContainingType, types.SemaphoreSlim):
                if (!IsNonBlockingTry(call, types))
                {
                    Analyze(call, task: null, isSemaphore: true, context, types);
                }

                break;

            case "Wait" when call.Instance is { } task && Is(method.ContainingType, types.Task):
                if (!IsNonBlockingTry(call, types))
                {
                    Analyze(call, task, isSemaphore: false, context, types);
                }

                break;

            case "GetResult" when call.Arguments.IsEmpty &&
                call.Instance?.WithoutConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Arguments.IsEmpty: true, Instance: { } awaited } &&
                CompletedTasks.AwaitedTask(awaited, types) is { } task:
                Analyze(call, task, isSemaphore: false, context, types);
                break;
        }
    }

    /// <summary><c>task.Result</c> on a <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>.</summary>
    internal static void AnalyzeResultRead(IPropertyReferenceOperation read, RuleContext context, WellKnownTypes types)
    {
        if (read is { Property.Name: "Result", Instance: { } task } &&
            (Is(read.Property.ContainingType, types.GenericTask) || Is(read.Property.ContainingType, types.GenericValueTask)) &&
            read.Parent is not INameOfOperation)
        {
            Analyze(read, task, isSemaphore: false, context, types);
        }
    }

    private static void Analyze(IOperation wait, IOperation? task, bool isSemaphore, RuleContext context, WellKnownTypes types)
    {
        if (task is not null && CompletedTasks.IsKnownComplete(task, wait, types))
        {
            return;
        }

        var function = LockFlow.FunctionOf(wait);
        if (HeldLocks.OwningMember(wait) is not { } owner || IsEntryPointOrTest(owner) || IsSyncHalfOfADualPath(wait, function) ||
            HeldLocks.At(wait, types) is not { } held)
        {
            return;
        }

        var threadLocks = held.Where(entry => HeldLocks.IsThreadLock(entry.Guard) && entry.Guard.Target != GuardTargetKind.Unknown).ToList();
        var asyncName = AsyncFunctionName(function, owner);
        string where;
        string advice;
        Location? additional = null;
        if (asyncName is not null)
        {
            where = asyncName;
            advice = isSemaphore ? "await WaitAsync() instead" : "await the task instead";
        }
        else if (threadLocks.Count > 0)
        {
            var (guard, takenBy) = threadLocks[0];
            where = $"while holding the lock on '{guard.Text}'";
            advice = "a thread that needs the lock to finish that work deadlocks; wait before taking the lock";
            additional = takenBy?.GetLocation();
        }
        else
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(WaitProperties.InAsyncFunction, asyncName is not null ? "true" : "false")
            .Add(WaitProperties.HoldsThreadLock, threadLocks.Count > 0 ? "true" : "false");
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BlockingWaitInAsyncCode,
            wait.Syntax.GetLocation(),
            additional is null ? null : new[] { additional },
            properties,
            MessageText.Snippet(wait.Syntax),
            where,
            advice));
    }

    /// <summary>"in the async method 'X'" when <paramref name="function"/> is <c>async</c>, else null.</summary>
    private static string? AsyncFunctionName(IOperation function, ISymbol owner) => function switch
    {
        IAnonymousFunctionOperation { Symbol.IsAsync: true } => "in an async lambda",
        ILocalFunctionOperation { Symbol: { IsAsync: true } local } => $"in the async local function '{local.Name}'",
        IAnonymousFunctionOperation or ILocalFunctionOperation => null,
        _ when owner is IMethodSymbol { IsAsync: true } method => $"in the async method '{method.Name}'",
        _ => null,
    };

    /// <summary>
    /// Whether the wait is one branch of a choice whose other branch awaits: <c>if (async) await s.WaitAsync(); else
    /// s.Wait();</c>, the shape of libraries that serve synchronous and asynchronous callers from one method. The
    /// synchronous branch runs for synchronous callers, whose thread is theirs to block.
    /// </summary>
    private static bool IsSyncHalfOfADualPath(IOperation wait, IOperation function)
    {
        for (var current = wait; current.Parent is { } parent && current != function; current = parent)
        {
            if (parent is IConditionalOperation conditional && current != conditional.Condition)
            {
                var other = current == conditional.WhenTrue ? conditional.WhenFalse : conditional.WhenTrue;
                if (other is not null && LockFlow.OwnOperations(other).Prepend(other).Any(operation => operation is IAwaitOperation))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>Main</c> (or top-level statements), or a test method or a member of a test class.</summary>
    private static bool IsEntryPointOrTest(ISymbol owner)
    {
        if (owner is IMethodSymbol { IsStatic: true, Name: "Main" or "<Main>$" })
        {
            return true;
        }

        return HasTestAttribute(owner) ||
            (owner.ContainingType is { } type && (HasTestAttribute(type) || type.GetMembers().Any(member => member is IMethodSymbol && HasTestAttribute(member))));
    }

    /// <summary>
    /// Whether <paramref name="symbol"/> carries a test framework's attribute, or one derived from it or named like one
    /// (<c>[SkippableFact]</c>, <c>[WpfTheory]</c>, <c>[RetryTest]</c>): by name, so no test framework reference is needed.
    /// </summary>
    private static bool HasTestAttribute(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
            {
                var name = type.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - "Attribute".Length) : type.Name;
                if (TestAttributes.Contains(name) || TestAttributeEndings.Any(ending => name.EndsWith(ending, System.StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>Wait(0)</c>, <c>Wait(TimeSpan.Zero)</c>, with or without a token: a try that returns at once.</summary>
    private static bool IsNonBlockingTry(IInvocationOperation call, WellKnownTypes types)
    {
        foreach (var argument in call.Arguments)
        {
            var value = argument.Value.WithoutConversions();
            if (argument.Parameter?.Ordinal == 0 &&
                (value.ConstantValue is { HasValue: true, Value: 0 } ||
                 (value is IFieldReferenceOperation { Field.Name: "Zero" } zero && Is(zero.Field.ContainingType, types.TimeSpan))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(ITypeSymbol? type, ITypeSymbol? wellKnown) =>
        wellKnown is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, wellKnown);
}
