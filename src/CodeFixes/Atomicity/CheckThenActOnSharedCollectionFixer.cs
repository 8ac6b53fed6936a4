using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>GRD101 fix: hold the field's guard across the check and the act (the guard used elsewhere, else a new private gate).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CheckThenActOnSharedCollectionFixer))]
[Shared]
public sealed class CheckThenActOnSharedCollectionFixer : CodeFixProvider
{
    private const string WrapInGuardKey = DiagnosticIds.CheckThenActOnSharedCollection + ".WrapInGuard";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CheckThenActOnSharedCollection);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => GuardWrapFixes.FixAllProvider;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        GuardWrapFixes.RegisterAsync(context, WrapInGuardKey, CheckAndActTitle);

    internal static string CheckAndActTitle(GuardWrapPlan plan) =>
        plan.Guard.IsNewGate
            ? $"Guard the check and the act with a new lock '{plan.Guard.GuardText}'"
            : $"Hold '{plan.Guard.GuardText}' across the check and the act";
}
