using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.Analyzers.Atomicity;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// GRD107 fix for a registry built with check-then-act: hold the registry's guard across the check and the
/// creation. Removals of possibly held entries have no local fix; the rule's page shows the move to
/// <c>SessionLocks&lt;TKey&gt;</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsafeLockRegistryFixer))]
[Shared]
public sealed class UnsafeLockRegistryFixer : CodeFixProvider
{
    private const string WrapInGuardKey = DiagnosticIds.UnsafeLockRegistry + ".WrapInGuard";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.UnsafeLockRegistry);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => GuardWrapFixes.FixAllProvider;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        GuardWrapFixes.RegisterAsync(
            context,
            WrapInGuardKey,
            CheckThenActOnSharedCollectionFixer.CheckAndActTitle,
            diagnostic => diagnostic.Properties.TryGetValue(UnsafeLockRegistryAnalyzer.DefectProperty, out var defect) && defect == "CheckThenAct");
}
