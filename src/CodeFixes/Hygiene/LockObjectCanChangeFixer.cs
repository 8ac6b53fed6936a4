using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.CodeFixes.Hygiene;

/// <summary>
/// GRD401 fix: a dedicated <c>private readonly object</c> gate beside the field (<c>_sync</c> → <c>_syncGate</c>, static
/// when the field is), and every <c>lock</c>, <c>Monitor</c> call and <c>[GuardedBy]</c>/<c>[RequiresGuard]</c> of the
/// type that names the field names the gate instead; the field keeps its other uses and assignments. A
/// <c>System.Threading.Lock</c> field gets a <c>Lock</c> gate.
/// </summary>
/// <remarks>
/// The analyzer reports only fields replaced after construction, which a <c>readonly</c> modifier would not compile
/// on, so a gate is the one fix. Offered for private fields whose type is declared in this document only (other code
/// could lock the field and would keep the old object), and not when a lock of the type locks a local copy of the
/// field (it would keep the old object too) or the type has compiler errors.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LockObjectCanChangeFixer))]
[Shared]
public sealed class LockObjectCanChangeFixer : AnnotatedEditFixer
{
    private const string EquivalenceKey = DiagnosticIds.LockObjectCanChange + ".DedicatedGate";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.LockObjectCanChange);

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!root.FullSpan.Contains(diagnostic.Location.SourceSpan) ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax operand ||
            semanticModel.GetSymbolInfo(LockUses.Unwrapped(operand), cancellationToken).Symbol is not IFieldSymbol { DeclaredAccessibility: Accessibility.Private, IsReadOnly: false, IsConst: false } field ||
            diagnostic.Hint(GuardProperties.FieldName) is not { } fieldName || fieldName != field.Name ||
            LockUses.PartsIn(root, field.ContainingType, cancellationToken) is not { } parts ||
            LockUses.HaveErrors(parts, semanticModel, cancellationToken))
        {
            return null;
        }

        var uses = LockUses.In(parts, semanticModel, cancellationToken).ToList();
        var onField = uses.Where(use => Names(use, field, semanticModel, cancellationToken)).ToList();
        if (onField.Count == 0 || uses.Any(use => LocksCopyOf(use, field, semanticModel, cancellationToken)))
        {
            return null;
        }

        var request = new LockGateRequest(parts, onField, GateStem(field.Name), field.IsStatic)
        {
            IsLockType = LockUses.IsThreadingType(field.Type, "Lock"),
            Anchor = field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken).FirstAncestorOrSelf<FieldDeclarationSyntax>(),
            MovedMember = field,
            AnnotationArguments = GuardAnnotations.ArgumentsNaming(parts, field.Name, field, semanticModel, cancellationToken),
        };

        return LockGateMove.Plan(request, semanticModel, cancellationToken) is { } edit
            ? new FixPlan($"Lock a dedicated readonly gate instead of '{field.Name}'", EquivalenceKey, edit)
            : null;
    }

    private static bool Names(ExpressionSyntax use, IFieldSymbol field, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(LockUses.Unwrapped(use), cancellationToken).Symbol?.OriginalDefinition, field.OriginalDefinition);

    /// <summary>Whether <paramref name="use"/> locks a local that was initialized from the field (<c>var gate = _gate; lock (gate)</c>).</summary>
    private static bool LocksCopyOf(ExpressionSyntax use, IFieldSymbol field, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        semanticModel.GetSymbolInfo(LockUses.Unwrapped(use), cancellationToken).Symbol is ILocalSymbol local &&
        local.DeclaringSyntaxReferences.Any(reference =>
            reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value } &&
            SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(LockUses.Unwrapped(value), cancellationToken).Symbol?.OriginalDefinition, field.OriginalDefinition));

    /// <summary>
    /// <c>_sync</c> → <c>syncGate</c>, <c>_cacheLock</c> → <c>cacheGate</c>; <c>_lock</c>, <c>_syncRoot</c> → <c>gate</c>; and
    /// <c>_gate</c>, whose name is taken by the field itself, → <c>stableGate</c>.
    /// </summary>
    private static string GateStem(string fieldName)
    {
        var stem = Naming.StemOf(fieldName);
        if (stem == "gate")
        {
            return "stableGate";
        }

        if (stem.EndsWith("Lock", System.StringComparison.Ordinal) && stem.Length > 4)
        {
            stem = stem.Substring(0, stem.Length - 4);
        }

        return stem is "lock" or "syncRoot" or "locker" or "padlock" or "mutex" ? "gate" : stem + "Gate";
    }
}
