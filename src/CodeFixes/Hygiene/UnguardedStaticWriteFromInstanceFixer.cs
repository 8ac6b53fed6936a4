using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Guarded.CodeFixes.Hygiene;

/// <summary>
/// GRD403 fixes: an <c>Interlocked</c> call for an integer counter (<c>s_n++</c>, <c>s_n += k</c>), or the update
/// held under a new static lock that the field's other accesses can then take too.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnguardedStaticWriteFromInstanceFixer))]
[Shared]
public sealed class UnguardedStaticWriteFromInstanceFixer : CodeFixProvider
{
    private const string InterlockedKey = DiagnosticIds.UnguardedStaticWriteFromInstance + ".Interlocked";
    private const string GuardKey = DiagnosticIds.UnguardedStaticWriteFromInstance + ".Guard";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.UnguardedStaticWriteFromInstance);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create((context, document, diagnostics) =>
            RewriteOrGuardFixes.FixAllAsync(context, document, diagnostics, InterlockedKey, InterlockedRewrite.Plan)!);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        RewriteOrGuardFixes.RegisterAsync(context, InterlockedKey, InterlockedRewrite.Plan, GuardKey);
}
