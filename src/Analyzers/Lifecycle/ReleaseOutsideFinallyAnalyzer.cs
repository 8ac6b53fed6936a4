using System.Collections.Immutable;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Lifecycle;

/// <summary>
/// GRD303: <c>Monitor.Enter</c>, <c>SemaphoreSlim.Wait/WaitAsync</c>, <c>ReaderWriterLockSlim.Enter*Lock</c> or
/// <c>Lock.Enter</c> whose release, later in the same function, is not in a <c>finally</c> block that protects the
/// code after the acquire.
/// </summary>
public sealed class ReleaseOutsideFinallyAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ReleaseOutsideFinally);

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
                CodeBlockOperations.RegisterInvocationAction(compilationStart, vocabulary, (invocation, ruleContext) => AnalyzeRelease(invocation, ruleContext, types));
            }
        });
    }

    /// <summary>Whether the compilation has any of the locks the rule follows.</summary>
    internal static bool AppliesTo(WellKnownTypes types) =>
        types.Monitor is not null || types.SemaphoreSlim is not null || types.ReaderWriterLockSlim is not null || types.Lock is not null;

    internal static void AnalyzeRelease(IInvocationOperation release, RuleContext context, WellKnownTypes types)
    {
        if (GuardScanner.ReleasedBy(release, types) is not { } guard || guard.Target == GuardTargetKind.Unknown)
        {
            return;
        }

        var function = LockFlow.FunctionOf(release);
        if (LockFlow.EnclosingFinally(release, function) is not null)
        {
            return;
        }

        IInvocationOperation? acquire = null;
        foreach (var operation in LockFlow.OwnOperations(function))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (operation.Syntax.SpanStart >= release.Syntax.SpanStart)
            {
                break;
            }

            if (operation is not IInvocationOperation invocation)
            {
                continue;
            }

            if (LockFlow.ExplicitAcquire(invocation, types) is { } acquired && acquired.Equals(guard))
            {
                acquire = invocation;
            }
            else if (LockFlow.Releases(invocation, guard, types))
            {
                acquire = null;
            }
        }

        if (acquire is null || LockFlow.IsProtected(acquire, guard, function, types) ||
            SignalSemaphores.IsSignal(guard, SignalSemaphores.FunctionOf(release.Syntax) ?? function.Syntax))
        {
            return;
        }

        var acquiredGuard = LockFlow.ExplicitAcquire(acquire, types)!.Value;
        var properties = ImmutableDictionary<string, string?>.Empty.Add(GuardProperties.GuardKind, acquiredGuard.Kind.ToString());
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.ReleaseOutsideFinally,
            release.Syntax.GetLocation(),
            new[] { acquire.Syntax.GetLocation() },
            properties,
            guard.Text,
            MessageText.Snippet(acquire.Syntax),
            MessageText.Snippet(release.Syntax)));
    }
}
