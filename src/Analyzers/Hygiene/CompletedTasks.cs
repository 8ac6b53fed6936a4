using System.Collections.Generic;
using System.Linq;
using Guarded.Analyzers.Lifecycle;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Hygiene;

/// <summary>
/// Whether a task a thread blocks on is already complete there, so that the wait returns at once: a completed-task
/// factory, a task the function awaited or checked first, an antecedent inside its continuation, or a task kept in a
/// field or property (read where its owner's protocol says it completed).
/// </summary>
internal static class CompletedTasks
{
    /// <summary>The task that <c>x.GetAwaiter()</c> waits for: <c>x</c>, or the task under <c>x.ConfigureAwait(…)</c>; null when <c>x</c> is no task.</summary>
    public static IOperation? AwaitedTask(IOperation awaited, WellKnownTypes types)
    {
        awaited = awaited.WithoutConversions();
        if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured } && types.IsTaskLike(configured.Type))
        {
            return configured;
        }

        return types.IsTaskLike(awaited.Type) ? awaited : null;
    }

    /// <summary>
    /// Whether <paramref name="task"/> is surely complete where <paramref name="wait"/> reads it, or kept in a field or
    /// property, where its owner's protocol completes it first.
    /// </summary>
    public static bool IsKnownComplete(IOperation task, IOperation wait, WellKnownTypes types)
    {
        task = task.WithoutConversions();
        switch (task)
        {
            case IPropertyReferenceOperation { Property.Name: "CompletedTask" }:
            case IInvocationOperation { TargetMethod.Name: "FromResult" or "FromException" or "FromCanceled", TargetMethod.IsStatic: true }:
            case IDefaultValueOperation:
                return true;
            case IObjectCreationOperation creation when IsValueTaskOfValue(creation, types):
                return true;
            case IParameterReferenceOperation parameter when IsContinuationAntecedent(parameter):
                return true;
            case IFieldReferenceOperation or IPropertyReferenceOperation:
                // A task kept in a field or property (a call's completion, a commit, a load started earlier) is read
                // where its owner's protocol says it has completed; the rule cannot see that protocol.
                return true;
        }

        var path = MemberPath.Of(task);
        foreach (var operation in LockFlow.OwnOperations(LockFlow.FunctionOf(wait)))
        {
            if (operation.Syntax.SpanStart >= wait.Syntax.SpanStart)
            {
                break;
            }

            switch (operation)
            {
                case IAwaitOperation awaitOperation when AwaitsAll(awaitOperation):
                    return true;
                case IAwaitOperation awaitOperation when path is not null && path.Names(AwaitedTask(awaitOperation.Operation, types) ?? awaitOperation.Operation):
                    return true;
                case IPropertyReferenceOperation { Property.Name: var name, Instance: { } instance } when IsCompletionCheck(name) && path is not null && path.Names(instance):
                    return true;
                case IInvocationOperation { TargetMethod.Name: var name } check when IsCompletionCheck(name) && path is not null &&
                    (check.Instance ?? (check.Arguments.Length > 0 ? check.Arguments[0].Value : null)) is { } receiver && path.Names(receiver):
                    return true;
            }
        }

        return false;
    }

    /// <summary><c>IsCompleted</c>, <c>IsCompletedSuccessfully</c>, <c>IsFaulted</c>, <c>IsCanceled</c>, <c>Status</c>, as properties or helper methods.</summary>
    private static bool IsCompletionCheck(string name) =>
        name is "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status";

    /// <summary><c>new ValueTask&lt;T&gt;(value)</c>: a value task that holds its result (not one that wraps a task or a source).</summary>
    private static bool IsValueTaskOfValue(IObjectCreationOperation creation, WellKnownTypes types) =>
        (Is(creation.Type, types.ValueTask) || Is(creation.Type, types.GenericValueTask)) &&
        creation.Constructor is { Parameters.Length: 1 } constructor &&
        !types.IsTaskLike(constructor.Parameters[0].Type);

    /// <summary>
    /// An <c>await Task.WhenAll(…)</c> or <c>WhenAny(…)</c>: afterwards the tasks it was given are complete, or the code
    /// reads the one that is; which ones it was given (an array, a list, a query) is more than the rule follows.
    /// </summary>
    private static bool AwaitsAll(IAwaitOperation awaitOperation)
    {
        var awaited = awaitOperation.Operation.WithoutConversions();
        if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
        {
            awaited = configured.WithoutConversions();
        }

        return awaited is IInvocationOperation { TargetMethod.Name: "WhenAll" or "WhenAny" };
    }

    /// <summary>
    /// Whether <paramref name="parameter"/> is the first parameter of a lambda passed to <c>ContinueWith</c>: the
    /// antecedent task, complete by the time the continuation runs.
    /// </summary>
    private static bool IsContinuationAntecedent(IParameterReferenceOperation parameter)
    {
        if (parameter.Parameter.Ordinal != 0 || parameter.Parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda)
        {
            return false;
        }

        for (var current = parameter.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
            {
                var outer = function.Parent;
                while (outer is IDelegateCreationOperation or IConversionOperation)
                {
                    outer = outer.Parent;
                }

                return outer is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ContinueWith" } };
            }
        }

        return false;
    }

    /// <summary>
    /// A variable and the members read through it (<c>request.Body</c>, <c>_call.CallTask</c>, <c>load</c>): two reads
    /// of the same path read the same task, whether written <c>request?.Body</c> or <c>request!.Body</c>.
    /// </summary>
    private sealed class MemberPath
    {
        private readonly List<ISymbol> _symbols;

        private MemberPath(List<ISymbol> symbols) => _symbols = symbols;

        public static MemberPath? Of(IOperation operation)
        {
            var symbols = new List<ISymbol>();
            return Collect(operation, symbols) ? new MemberPath(symbols) : null;
        }

        /// <summary>Whether <paramref name="operation"/> reads this path.</summary>
        public bool Names(IOperation operation)
        {
            var other = new List<ISymbol>();
            return Collect(operation, other) && other.Count == _symbols.Count &&
                other.Zip(_symbols, (a, b) => SymbolEqualityComparer.Default.Equals(a, b)).All(same => same);
        }

        private static bool Collect(IOperation operation, List<ISymbol> symbols)
        {
            switch (operation.WithoutConversions())
            {
                case ILocalReferenceOperation local:
                    symbols.Add(local.Local);
                    return true;
                case IParameterReferenceOperation parameter:
                    symbols.Add(parameter.Parameter);
                    return true;
                case IInstanceReferenceOperation { Type: { } type }:
                    symbols.Add(type);
                    return true;
                case IFieldReferenceOperation field:
                    return Member(field.Instance, field.Field, symbols);
                case IPropertyReferenceOperation { Arguments.IsEmpty: true } property:
                    return Member(property.Instance, property.Property, symbols);
                case IConditionalAccessInstanceOperation access:
                    for (var current = access.Parent; current is not null; current = current.Parent)
                    {
                        if (current is IConditionalAccessOperation conditional && access.IsWithin(conditional.WhenNotNull))
                        {
                            return Collect(conditional.Operation, symbols);
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        private static bool Member(IOperation? instance, ISymbol member, List<ISymbol> symbols)
        {
            if (instance is not null && !Collect(instance, symbols))
            {
                return false;
            }

            symbols.Add(member.OriginalDefinition);
            return true;
        }
    }

    private static bool Is(ITypeSymbol? type, ITypeSymbol? wellKnown) =>
        wellKnown is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, wellKnown);
}
