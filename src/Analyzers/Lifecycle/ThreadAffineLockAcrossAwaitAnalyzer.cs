using System.Collections.Immutable;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Lifecycle;

/// <summary>
/// GRD304: a thread-affine lock (<c>Monitor.Enter</c>, <c>ReaderWriterLockSlim.Enter*Lock</c>, <c>Lock.Enter</c>) is
/// still held when the function awaits: everything from the acquire to its first release in the same function (or
/// to the function's end) is held, and an <c>await</c> of that function in that range is reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThreadAffineLockAcrossAwaitAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ThreadAffineLockAcrossAwait);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationStart =>
        {
            var types = WellKnownTypes.Create(compilationStart.Compilation);
            if (types.Monitor is null && types.ReaderWriterLockSlim is null && types.Lock is null)
            {
                return;
            }

            compilationStart.RegisterOperationAction(operationContext => AnalyzeAcquire(operationContext, types), OperationKind.Invocation);
        });
    }

    private static void AnalyzeAcquire(OperationAnalysisContext context, WellKnownTypes types)
    {
        var acquire = (IInvocationOperation)context.Operation;
        if (LockFlow.ExplicitAcquire(acquire, types) is not { } guard || !LockFlow.IsThreadAffine(guard))
        {
            return;
        }

        var function = LockFlow.FunctionOf(acquire);
        IAwaitOperation? firstAwait = null;
        foreach (var operation in LockFlow.OwnOperations(function))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (operation.Syntax.SpanStart < acquire.Syntax.Span.End)
            {
                continue;
            }

            if (operation is IInvocationOperation invocation && LockFlow.Releases(invocation, guard, types))
            {
                break;
            }

            if (operation is IAwaitOperation awaitOperation)
            {
                firstAwait = awaitOperation;
                break;
            }
        }

        if (firstAwait is null)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(GuardProperties.GuardKind, guard.Kind.ToString());
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.ThreadAffineLockAcrossAwait,
            acquire.Syntax.GetLocation(),
            new[] { firstAwait.Syntax.GetLocation() },
            properties,
            guard.Text,
            acquire.Syntax.ToString(),
            firstAwait.Syntax.ToString()));
    }
}
