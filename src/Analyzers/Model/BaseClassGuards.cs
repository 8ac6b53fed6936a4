using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.Analyzers.Model;

/// <summary>
/// The guards a type's overrides run under because their base classes call them only while holding a lock: the
/// template method <c>lock (SyncRoot) { Write(e); }</c> guards every override of <c>Write</c>. Read from the base
/// classes' source syntax (never bound), for protected hooks only, since anyone may call a public one.
/// </summary>
internal static class BaseClassGuards
{
    private const int MaxDepth = 3;

    /// <summary>
    /// Framework hooks that their (metadata-only) base class calls only under a lock: <c>EventSource</c> runs
    /// <c>OnEventCommand</c> while it holds <c>EventListener.EventListenersLock</c>.
    /// </summary>
    private static readonly (string Type, string Method, string Lock)[] FrameworkHooks =
    [
        ("System.Diagnostics.Tracing.EventSource", "OnEventCommand", "EventListener.EventListenersLock"),
    ];

    /// <summary>For each override of <paramref name="type"/> whose base classes only call it under a guard, those guards.</summary>
    public static Dictionary<ISymbol, ImmutableHashSet<Guard>> Compute(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var result = new Dictionary<ISymbol, ImmutableHashSet<Guard>>(SymbolEqualityComparer.Default);
        if (type.BaseType is null || !type.GetMembers().Any(m => m is IMethodSymbol { IsOverride: true }))
        {
            return result;
        }

        var scanner = new CallerScanner(type, cancellationToken);
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol { IsOverride: true, MethodKind: MethodKind.Ordinary } method)
            {
                continue;
            }

            var root = Root(method);
            if (FrameworkHookGuard(root) is { } hookGuard)
            {
                result[method.OriginalDefinition] = ImmutableHashSet.Create(hookGuard);
            }
            else if (scanner.GuardsAtEveryBaseCall(root, depth: 0) is { IsEmpty: false } guards)
            {
                result[method.OriginalDefinition] = guards;
            }
        }

        return result;
    }

    private static Guard? FrameworkHookGuard(IMethodSymbol root)
    {
        var type = root.ContainingType.OriginalDefinition;
        foreach (var (typeName, methodName, lockName) in FrameworkHooks)
        {
            if (root.Name == methodName && type.ToDisplayString() == typeName)
            {
                return new Guard(GuardTargetKind.TypeOf, type, GuardKind.Lock, lockName);
            }
        }

        return null;
    }

    private static IMethodSymbol Root(IMethodSymbol method)
    {
        while (method.OverriddenMethod is { } overridden)
        {
            method = overridden;
        }

        return method;
    }

    /// <summary>Finds, in the source of a type's base classes, the calls to a method and the locks around them.</summary>
    private sealed class CallerScanner
    {
        private readonly INamedTypeSymbol _type;
        private readonly CancellationToken _cancellationToken;
        private readonly List<(INamedTypeSymbol Type, SyntaxNode Declaration)> _bases = new();
        private readonly Dictionary<IMethodSymbol, ImmutableHashSet<Guard>?> _memo = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IMethodSymbol> _inProgress = new(SymbolEqualityComparer.Default);

        public CallerScanner(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            _type = type;
            _cancellationToken = cancellationToken;
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                foreach (var reference in current.OriginalDefinition.DeclaringSyntaxReferences)
                {
                    _bases.Add((current.OriginalDefinition, reference.GetSyntax(cancellationToken)));
                }
            }
        }

        /// <summary>
        /// The guards held at every call of <paramref name="method"/> in the base classes; null when a call holds none,
        /// when the method can be called from outside them, or when a base class that could call it has no source.
        /// </summary>
        public ImmutableHashSet<Guard>? GuardsAtEveryBaseCall(IMethodSymbol method, int depth)
        {
            if (_memo.TryGetValue(method, out var known))
            {
                return known;
            }

            _inProgress.Add(method);
            var guards = Compute(method, depth);
            _inProgress.Remove(method);
            _memo[method] = guards;
            return guards;
        }

        /// <summary>
        /// Whether <paramref name="method"/> is being computed further up: hooks that call each other (an overload that
        /// calls another) form a cycle, which adds no caller of its own, so a call made from within it constrains nothing.
        /// </summary>
        private bool IsInProgress(IMethodSymbol method) => _inProgress.Contains(method);

        private ImmutableHashSet<Guard>? Compute(IMethodSymbol method, int depth)
        {
            if (depth > MaxDepth ||
                method.DeclaredAccessibility is not (Accessibility.Protected or Accessibility.ProtectedAndInternal or Accessibility.Private) ||
                method.ContainingType.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty)
            {
                return null;
            }

            ImmutableHashSet<Guard>? meet = null;
            foreach (var (owner, declaration) in _bases)
            {
                foreach (var node in declaration.DescendantNodes())
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    if (node is not InvocationExpressionSyntax invocation || !Calls(invocation, method))
                    {
                        continue;
                    }

                    var atCall = GuardsAround(invocation, owner, depth, out var withinCycle);
                    if (withinCycle)
                    {
                        continue;
                    }

                    if (atCall is null || atCall.IsEmpty)
                    {
                        return null;
                    }

                    meet = meet is null ? atCall : meet.Intersect(atCall);
                    if (meet.IsEmpty)
                    {
                        return null;
                    }
                }
            }

            return meet;
        }

        /// <summary>The locks held around <paramref name="invocation"/>: its enclosing <c>lock</c> statements, or what its method's callers hold.</summary>
        private ImmutableHashSet<Guard>? GuardsAround(InvocationExpressionSyntax invocation, INamedTypeSymbol owner, int depth, out bool withinCycle)
        {
            withinCycle = false;
            var guards = ImmutableHashSet<Guard>.Empty;
            for (SyntaxNode? current = invocation; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                        // It may run later, outside the lock.
                        return null;

                    case LockStatementSyntax lockStatement when lockStatement.Statement.Span.Contains(invocation.Span) &&
                        SyntaxGuards.OfLockExpression(lockStatement.Expression, owner, _type) is { } guard:
                        guards = guards.Add(guard);
                        break;

                    case MethodDeclarationSyntax declaration:
                        if (!guards.IsEmpty)
                        {
                            return guards;
                        }

                        // Not locked here: guarded only if every call of this method is (a private helper, another hook).
                        if (MethodDeclaredBy(declaration, owner) is not { } caller)
                        {
                            return null;
                        }

                        var root = caller.OverriddenMethod is null ? caller : Root(caller);
                        if (IsInProgress(root))
                        {
                            withinCycle = true;
                            return null;
                        }

                        return GuardsAtEveryBaseCall(root, depth + 1);

                    case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax }:
                        return guards;
                }
            }

            return guards;
        }

        private static IMethodSymbol? MethodDeclaredBy(MethodDeclarationSyntax declaration, INamedTypeSymbol owner)
        {
            foreach (var member in owner.GetMembers(declaration.Identifier.ValueText))
            {
                if (member is IMethodSymbol method && method.DeclaringSyntaxReferences.Any(r => r.Span == declaration.Span && r.SyntaxTree == declaration.SyntaxTree))
                {
                    return method;
                }
            }

            return null;
        }

        /// <summary>Whether <paramref name="invocation"/> calls <paramref name="method"/> on the same object (by name and argument count).</summary>
        private static bool Calls(InvocationExpressionSyntax invocation, IMethodSymbol method)
        {
            var name = invocation.Expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                GenericNameSyntax generic => generic.Identifier.ValueText,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } access => access.Name.Identifier.ValueText,
                _ => null,
            };

            return name == method.Name && SyntaxGuards.ArgumentCountFits(invocation, method);
        }
    }
}
