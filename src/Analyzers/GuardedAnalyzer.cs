using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Atomicity;
using Guarded.Analyzers.Guarding;
using Guarded.Analyzers.Hygiene;
using Guarded.Analyzers.Lifecycle;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers;

/// <summary>
/// The one analyzer the package ships: it runs every Guarded rule in a single pass. Each rule keeps its own class
/// (one rule, one file, one set of tests); this host hands them what they share.
/// </summary>
/// <remarks>
/// The analyzer driver charges every analyzer for every callback it makes, whatever the analyzer then does, and
/// with one analyzer per rule that charge was paid sixteen times per member. Hosted here, the rules are called once:
/// the type rules on each type's shared model, the lock-flow rules on each code block that can touch a lock, and only
/// the code blocks that can matter are bound (<see cref="Model.ConcurrencyVocabulary"/>). Severity settings and
/// suppressions still apply per rule id.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GuardedAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableArray<TypeModelAnalyzer> TypeRules = ImmutableArray.Create<TypeModelAnalyzer>(
        new CheckThenActOnSharedCollectionAnalyzer(),
        new CheckThenActOnConcurrentCollectionAnalyzer(),
        new UnsynchronizedLazyInitializationAnalyzer(),
        new BrokenDoubleCheckedLockingAnalyzer(),
        new NonAtomicReadModifyWriteAnalyzer(),
        new LostUpdateOnImmutableCollectionAnalyzer(),
        new UnsafeLockRegistryAnalyzer(),
        new AtomicResultIgnoredAnalyzer(),
        new InconsistentlyGuardedFieldAnalyzer(),
        new EnumerationOutsideGuardAnalyzer(),
        new AnnotatedGuardNotHeldAnalyzer(),
        new FieldGuardedByDifferentLocksAnalyzer(),
        new MutationInsideReadLockAnalyzer(),
        new LateStateFlagResetAnalyzer(),
        new UnguardedFinallyCleanupAnalyzer(),
        new LockObjectCanChangeAnalyzer(),
        new LockOnSharedIdentityAnalyzer(),
        new UnguardedStaticWriteFromInstanceAnalyzer());

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        TypeRules.SelectMany(rule => rule.SupportedDiagnostics)
            .Concat(new ReleaseOutsideFinallyAnalyzer().SupportedDiagnostics)
            .Concat(new ThreadAffineLockAcrossAwaitAnalyzer().SupportedDiagnostics)
            .Concat(new MonitorWaitMisuseAnalyzer().SupportedDiagnostics)
            .Concat(new BlockingWaitInAsyncCodeAnalyzer().SupportedDiagnostics)
            .ToImmutableArray();

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationStart =>
        {
            var types = WellKnownTypes.Create(compilationStart.Compilation);
            SharedTypeModels.RegisterTypeAnalysis(compilationStart, types, (model, symbolEnd) =>
            {
                foreach (var rule in TypeRules)
                {
                    rule.AnalyzeType(model, symbolEnd);
                }
            });

            var releases = ReleaseOutsideFinallyAnalyzer.AppliesTo(types);
            var awaits = ThreadAffineLockAcrossAwaitAnalyzer.AppliesTo(types);
            var monitorWaits = MonitorWaitMisuseAnalyzer.AppliesTo(types);
            var blockingWaits = BlockingWaitInAsyncCodeAnalyzer.AppliesTo(types);
            if (releases || awaits || monitorWaits || blockingWaits)
            {
                var vocabulary = ConcurrencyVocabulary.For(compilationStart.Compilation, types);
                CodeBlockOperations.RegisterOperationAction(compilationStart, vocabulary, (operation, ruleContext) =>
                {
                    if (operation is IPropertyReferenceOperation property)
                    {
                        // task.Result blocks without a call.
                        if (blockingWaits)
                        {
                            BlockingWaitInAsyncCodeAnalyzer.AnalyzeResultRead(property, ruleContext, types);
                        }

                        return;
                    }

                    if (operation is not IInvocationOperation invocation)
                    {
                        return;
                    }

                    if (releases)
                    {
                        ReleaseOutsideFinallyAnalyzer.AnalyzeRelease(invocation, ruleContext, types);
                    }

                    if (awaits)
                    {
                        ThreadAffineLockAcrossAwaitAnalyzer.AnalyzeAcquire(invocation, ruleContext, types);
                    }

                    if (monitorWaits)
                    {
                        MonitorWaitMisuseAnalyzer.AnalyzeMonitorCall(invocation, ruleContext, types);
                    }

                    if (blockingWaits)
                    {
                        BlockingWaitInAsyncCodeAnalyzer.AnalyzeBlockingCall(invocation, ruleContext, types);
                    }
                });
            }
        });
    }
}
