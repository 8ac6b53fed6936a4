using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Guarded.Analyzers;
using Guarded.Analyzers.Hygiene;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.CodeFixes.Hygiene;

/// <summary>
/// GRD402 fix: a private readonly gate (<c>private readonly object _gate = new();</c>, <c>new object()</c> before C# 9),
/// and every lock use of the type on the same object moved onto it together — all <c>lock (this)</c> and
/// <c>Monitor</c> calls on <c>this</c>, all locks on the same <c>typeof(T)</c>, on the same string constant, on the same
/// member, or on the same boxed variable — with the <c>[GuardedBy]</c>/<c>[RequiresGuard]</c> arguments that name it.
/// </summary>
/// <remarks>
/// The gate is an instance field for <c>this</c> and for instance members; it is static for objects shared across
/// instances (a <c>Type</c>, an interned string, a static member), so that locks which excluded each other across
/// instances still do. A boxed variable never excluded anything: its gate follows the variable (static for a static
/// field or a static method). Not offered where the right gate cannot be told from the code: an instance field holding
/// a string or a <c>Type</c> (one per instance, or shared by equal values?), <c>string.Intern(…)</c> of a computed
/// string, a type with <c>[MethodImpl(MethodImplOptions.Synchronized)]</c> methods (they lock <c>this</c> or the
/// type too and would stay behind), partial types spread over several files, and code with compiler errors.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LockOnSharedIdentityFixer))]
[Shared]
public sealed class LockOnSharedIdentityFixer : AnnotatedEditFixer
{
    private const string EquivalenceKey = DiagnosticIds.LockOnSharedIdentity + ".PrivateGate";
    private const int SynchronizedFlag = 0x20;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.LockOnSharedIdentity);

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<SharedIdentity>(diagnostic.Hint(LockOnSharedIdentityAnalyzer.IdentityProperty), out var identity) ||
            !root.FullSpan.Contains(diagnostic.Location.SourceSpan) ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax operand ||
            semanticModel.GetEnclosingSymbol(operand.SpanStart, cancellationToken)?.ContainingType is not { } type ||
            LockUses.PartsIn(root, type, cancellationToken) is not { } parts ||
            LockUses.HaveErrors(parts, semanticModel, cancellationToken) ||
            Target.For(identity, LockUses.Unwrapped(operand), type, semanticModel, cancellationToken) is not { } target ||
            (target.LocksWhatSynchronizedMethodsLock && HasSynchronizedMethods(type, target.IsStatic)))
        {
            return null;
        }

        var uses = LockUses.In(parts, semanticModel, cancellationToken)
            .Where(use => target.Matches(LockUses.Unwrapped(use), semanticModel, cancellationToken))
            .ToList();
        if (uses.Count == 0)
        {
            return null;
        }

        // A boxed local's gate is static when a lock on it runs where no instance is at hand.
        var isStatic = target.IsStatic || (target.FollowsContext && uses.Any(IsInStaticContext));
        var request = new LockGateRequest(parts, uses, target.Stem, isStatic)
        {
            IsLockType = target.Member is { } member && LockUses.IsThreadingType(TypeOf(member), "Lock"),
            Anchor = target.Member?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken).FirstAncestorOrSelf<MemberDeclarationSyntax>(),
            MovedMember = target.Member,
            AnnotationArguments = target.AnnotationName is { } name
                ? GuardAnnotations.ArgumentsNaming(parts, name, target.Member, semanticModel, cancellationToken)
                : Array.Empty<ExpressionSyntax>(),
        };

        return LockGateMove.Plan(request, semanticModel, cancellationToken) is { } edit
            ? new FixPlan($"Lock a private readonly gate instead of '{operand}'", EquivalenceKey, edit)
            : null;
    }

    private static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    /// <summary>Whether the type has <c>[MethodImpl(MethodImplOptions.Synchronized)]</c> methods of the given kind (static: they lock the type).</summary>
    private static bool HasSynchronizedMethods(INamedTypeSymbol type, bool isStatic) =>
        type.GetMembers()
            .SelectMany(member => member switch
            {
                IMethodSymbol method => new[] { method },
                IPropertySymbol property => new[] { property.GetMethod, property.SetMethod },
                IEventSymbol @event => new[] { @event.AddMethod, @event.RemoveMethod },
                _ => Array.Empty<IMethodSymbol?>(),
            })
            .Any(method => method is not null && method.IsStatic == isStatic && method.GetAttributes().Any(attribute =>
                attribute.AttributeClass?.Name == "MethodImplAttribute" &&
                attribute.ConstructorArguments.Length == 1 &&
                attribute.ConstructorArguments[0].Value is int options &&
                (options & SynchronizedFlag) != 0));

    private static bool IsInStaticContext(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax function when function.Modifiers.Any(SyntaxKind.StaticKeyword):
                case LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.StaticKeyword):
                    return true;
                case MemberDeclarationSyntax member:
                    return member.Modifiers.Any(SyntaxKind.StaticKeyword) || member is OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax;
            }
        }

        return false;
    }

    /// <summary>The object a finding locks, told apart from the type's other lock objects, and the gate that replaces it.</summary>
    private sealed class Target
    {
        private readonly Func<ExpressionSyntax, SemanticModel, CancellationToken, bool> _matches;

        private Target(string stem, bool isStatic, Func<ExpressionSyntax, SemanticModel, CancellationToken, bool> matches)
        {
            Stem = stem;
            IsStatic = isStatic;
            _matches = matches;
        }

        public string Stem { get; }

        public bool IsStatic { get; }

        /// <summary>A variable boxed for the lock: its gate is static where its locks run without an instance.</summary>
        public bool FollowsContext { get; private set; }

        /// <summary>The field or property whose locks move (their receivers stay), if the object is one.</summary>
        public ISymbol? Member { get; private set; }

        /// <summary>How <c>[GuardedBy]</c> names the object: <c>this</c>, or the member's name.</summary>
        public string? AnnotationName { get; private set; }

        /// <summary><c>this</c>, or the type's own <c>typeof</c>: what its synchronized methods lock too.</summary>
        public bool LocksWhatSynchronizedMethodsLock { get; private set; }

        /// <summary>Whether the lock use <paramref name="use"/> (without parentheses and casts) locks the same object.</summary>
        public bool Matches(ExpressionSyntax use, SemanticModel semanticModel, CancellationToken cancellationToken) => _matches(use, semanticModel, cancellationToken);

        public static Target? For(SharedIdentity identity, ExpressionSyntax locked, INamedTypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var symbol = semanticModel.GetSymbolInfo(locked, cancellationToken).Symbol?.OriginalDefinition;
            switch (identity)
            {
                case SharedIdentity.This when locked is ThisExpressionSyntax:
                    return new Target("gate", isStatic: false, (use, model, ct) =>
                        use is ThisExpressionSyntax && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(use, ct).Type?.OriginalDefinition, type.OriginalDefinition))
                    {
                        AnnotationName = "this",
                        LocksWhatSynchronizedMethodsLock = true,
                    };

                case SharedIdentity.TypeObject when locked is TypeOfExpressionSyntax typeOf && semanticModel.GetTypeInfo(typeOf.Type, cancellationToken).Type is { } lockedType:
                    var own = SymbolEqualityComparer.Default.Equals(lockedType, type);
                    return new Target(own ? "gate" : Naming.StemOf(lockedType.Name) + "Gate", isStatic: true, (use, model, ct) =>
                        use is TypeOfExpressionSyntax other && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(other.Type, ct).Type, lockedType))
                    {
                        LocksWhatSynchronizedMethodsLock = own,
                    };

                case SharedIdentity.ReflectionObject when IsGetTypeOfThis(locked, semanticModel, cancellationToken):
                    return new Target("typeGate", isStatic: true, (use, model, ct) => IsGetTypeOfThis(use, model, ct));

                case SharedIdentity.InternedString when semanticModel.GetConstantValue(locked, cancellationToken) is { HasValue: true, Value: string text }:
                    return new Target("gate", isStatic: true, (use, model, ct) =>
                        model.GetConstantValue(use, ct) is { HasValue: true, Value: string other } && other == text);

                case SharedIdentity.ReflectionObject or SharedIdentity.StringField when symbol is IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true }:
                case SharedIdentity.PublicMember when symbol is IFieldSymbol or IPropertySymbol:
                    return new Target(GateStem(symbol!.Name), symbol.IsStatic, (use, model, ct) => Binds(use, symbol, model, ct))
                    {
                        Member = symbol,
                        AnnotationName = symbol.Name,
                    };

                case SharedIdentity.Boxed when symbol is IFieldSymbol or ILocalSymbol or IParameterSymbol:
                    return new Target(Naming.StemOf(symbol.Name) + "Gate", symbol.IsStatic, (use, model, ct) => Binds(use, symbol, model, ct))
                    {
                        Member = symbol as IFieldSymbol,
                        FollowsContext = symbol is not IFieldSymbol,
                    };

                default:
                    return null;
            }
        }

        /// <summary><c>Gate</c>, <c>SyncLock</c>, <c>Lock</c> → <c>gate</c>; <c>Orders</c> → <c>ordersGate</c>.</summary>
        private static string GateStem(string memberName)
        {
            var stem = Naming.StemOf(memberName);
            return stem is "gate" or "lock" or "syncLock" or "sync" or "locker" or "padlock" ? "gate" : stem + "Gate";
        }

        private static bool Binds(ExpressionSyntax use, ISymbol symbol, SemanticModel semanticModel, CancellationToken cancellationToken) =>
            SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(use, cancellationToken).Symbol?.OriginalDefinition, symbol);

        private static bool IsGetTypeOfThis(ExpressionSyntax expression, SemanticModel semanticModel, CancellationToken cancellationToken) =>
            expression is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } invocation &&
            invocation.Expression is IdentifierNameSyntax { Identifier.ValueText: "GetType" } or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name.Identifier.ValueText: "GetType" } &&
            semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ContainingType.SpecialType: SpecialType.System_Object };
    }
}
