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
            if (AppliesTo(types))
            {
                var vocabulary = ConcurrencyVocabulary.For(compilationStart.Compilation, types);
                CodeBlockOperations.RegisterInvocationAction(compilationStart, vocabulary, (invocation, ruleContext) => AnalyzeAcquire(invocation, ruleContext, types));
            }
        });
    }

    /// <summary>Whether the compilation has any of the locks the rule follows.</summary>
    internal static bool AppliesTo(WellKnownTypes types) =>
        types.Monitor is not null || types.ReaderWriterLockSlim is not null || types.Lock is not null;

    internal static void AnalyzeAcquire(IInvocationOperation acquire, RuleContext context, WellKnownTypes types)
    {
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
            MessageText.Snippet(acquire.Syntax),
            MessageText.Snippet(firstAwait.Syntax)));
    }
}
