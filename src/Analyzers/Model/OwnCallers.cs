using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.Analyzers.Model;

/// <summary>What the calls of a method from its own type hold, read from syntax: see <see cref="OwnCallers.Of"/>.</summary>
internal enum CallerLocking
{
    /// <summary>The type never names the method: it is called from elsewhere, or not at all.</summary>
    NoCalls,

    /// <summary>Every call in the type runs inside a <c>lock</c> on the guard (directly or through its callers).</summary>
    AllHold,

    /// <summary>Some call runs without the guard on a path nothing else can have locked: a constructor, or a member other code calls and cannot hold the guard for.</summary>
    SomeDoNot,

    /// <summary>Some call cannot be judged from syntax (a method group, a call in a lambda, an explicit <c>Monitor.Enter</c>, a lock on something else).</summary>
    Unknown,
}

/// <summary>
/// Whether the calls a type makes to one of its own methods hold a given guard: <c>lock (_gate) { SignalLocked(); }</c>
/// in every caller means the helper runs under <c>_gate</c>. Callers that are themselves helpers are followed a few
/// levels up.
/// </summary>
/// <remarks>
/// Read from syntax by name, never bound (an analyzer may not ask the compilation for other trees' semantic models):
/// any use of the name counts, so a same-named member can only make the answer less certain, never "all hold". Anything
/// syntax cannot settle — a method group, a call in a lambda or local function, on another instance, from a nested
/// type, or in a member that takes locks explicitly — makes the answer <see cref="CallerLocking.Unknown"/>, which the
/// rules treat as "stay quiet".
/// </remarks>
internal static class OwnCallers
{
    private const int MaxDepth = 3;

    /// <summary>Identifiers that show a member may take or test a lock without a <c>lock</c> statement.</summary>
    private static readonly HashSet<string> ExplicitLocking = new(System.StringComparer.Ordinal)
    {
        "Enter", "TryEnter", "EnterScope", "IsEntered", "MethodImpl", "Lock", "LockAsync", "Acquire", "AcquireAsync",
    };

    /// <summary>
    /// What the calls <paramref name="method"/>'s type makes to it hold of <paramref name="guard"/>.
    /// <paramref name="othersCanLock"/> says whether code outside the type can take the guard (it is not a private
    /// field or property): then an outside caller may hold it, and a public caller without it proves nothing.
    /// </summary>
    public static (CallerLocking Locking, Location? CallWithoutGuard) Of(IMethodSymbol method, Guard guard, bool othersCanLock, CancellationToken cancellationToken)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return (CallerLocking.Unknown, null);
        }

        var declarations = new List<TypeDeclarationSyntax>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration)
            {
                declarations.Add(declaration);
            }
        }

        var judge = new Judge(type, declarations, guard, othersCanLock, cancellationToken);
        return judge.CallsOf(method.Name, method, depth: 0);
    }

    private sealed class Judge
    {
        private readonly INamedTypeSymbol _type;
        private readonly List<TypeDeclarationSyntax> _declarations;
        private readonly Guard _guard;
        private readonly bool _othersCanLock;
        private readonly CancellationToken _cancellationToken;
        private readonly HashSet<string> _visiting = new(System.StringComparer.Ordinal);

        public Judge(INamedTypeSymbol type, List<TypeDeclarationSyntax> declarations, Guard guard, bool othersCanLock, CancellationToken cancellationToken)
        {
            _type = type;
            _declarations = declarations;
            _guard = guard;
            _othersCanLock = othersCanLock;
            _cancellationToken = cancellationToken;
        }

        /// <summary>What the calls of the member named <paramref name="name"/> hold; <paramref name="method"/>, when known, filters out overloads that cannot match.</summary>
        public (CallerLocking Locking, Location? CallWithoutGuard) CallsOf(string name, IMethodSymbol? method, int depth)
        {
            if (depth > MaxDepth || !_visiting.Add(name))
            {
                return (CallerLocking.Unknown, null);
            }

            try
            {
                var calls = 0;
                var unknown = false;
                foreach (var declaration in _declarations)
                {
                    foreach (var use in declaration.DescendantNodes().OfType<IdentifierNameSyntax>())
                    {
                        _cancellationToken.ThrowIfCancellationRequested();
                        if (use.Identifier.ValueText != name || IsNameOf(use))
                        {
                            continue;
                        }

                        if (InvocationOf(use) is not { } invocation || use.FirstAncestorOrSelf<TypeDeclarationSyntax>() != declaration)
                        {
                            unknown = true;
                            continue;
                        }

                        if (method is not null && !SyntaxGuards.ArgumentCountFits(invocation, method))
                        {
                            continue;
                        }

                        calls++;
                        switch (JudgeCall(invocation, depth))
                        {
                            case CallerLocking.SomeDoNot:
                                return (CallerLocking.SomeDoNot, invocation.GetLocation());
                            case CallerLocking.Unknown:
                                unknown = true;
                                break;
                        }
                    }
                }

                return unknown ? (CallerLocking.Unknown, null) : (calls == 0 ? CallerLocking.NoCalls : CallerLocking.AllHold, null);
            }
            finally
            {
                _visiting.Remove(name);
            }
        }

        /// <summary><see cref="CallerLocking.AllHold"/> when this one call holds the guard, <see cref="CallerLocking.SomeDoNot"/> when it surely does not.</summary>
        private CallerLocking JudgeCall(InvocationExpressionSyntax invocation, int depth)
        {
            var inFunction = false;
            var otherLock = false;
            MemberDeclarationSyntax? member = null;
            for (SyntaxNode? current = invocation.Parent; current is not null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    inFunction = true;
                }
                else if (current is LockStatementSyntax lockStatement && lockStatement.Statement.Span.Contains(invocation.Span))
                {
                    var locked = SyntaxGuards.OfLockExpression(lockStatement.Expression, _type, _type);
                    if (locked is { } held && held.Equals(_guard))
                    {
                        return CallerLocking.AllHold;
                    }

                    otherLock |= locked is null;
                }
                else if (current is MemberDeclarationSyntax declaration)
                {
                    member = declaration;
                    break;
                }
            }

            if (member is null || inFunction || otherLock || LocksExplicitly(member))
            {
                return CallerLocking.Unknown;
            }

            switch (member)
            {
                case ConstructorDeclarationSyntax:
                    // Nobody else can hold a lock of an object under construction; a caller of `new` might hold a shared one.
                    return _othersCanLock ? CallerLocking.Unknown : CallerLocking.SomeDoNot;

                case MethodDeclarationSyntax caller:
                    var (locking, _) = CallsOf(caller.Identifier.ValueText, method: null, depth + 1);
                    return locking switch
                    {
                        CallerLocking.NoCalls when IsPrivate(caller) || _othersCanLock => CallerLocking.Unknown,
                        CallerLocking.NoCalls => CallerLocking.SomeDoNot,
                        _ => locking,
                    };

                default:
                    // Accessors, operators and the like are called by other code, which cannot hold a private guard.
                    return IsPrivate(member) || _othersCanLock ? CallerLocking.Unknown : CallerLocking.SomeDoNot;
            }
        }

        private static bool LocksExplicitly(MemberDeclarationSyntax member) =>
            member.DescendantTokens().Any(token => token.IsKind(SyntaxKind.IdentifierToken) && ExplicitLocking.Contains(token.ValueText));

        /// <summary>Whether only the type itself can call <paramref name="member"/> by name: declared private (or with no modifier), not an explicit interface implementation.</summary>
        private static bool IsPrivate(MemberDeclarationSyntax member)
        {
            if (member is MethodDeclarationSyntax { ExplicitInterfaceSpecifier: not null })
            {
                return false;
            }

            foreach (var modifier in member.Modifiers)
            {
                if (modifier.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.ProtectedKeyword)
                {
                    return false;
                }
            }

            return member.Parent is not InterfaceDeclarationSyntax;
        }

        private static bool IsNameOf(IdentifierNameSyntax use) =>
            use.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } };

        /// <summary>The call <paramref name="use"/> names on the instance itself: <c>Signal()</c>, <c>this.Signal()</c>; null for anything else (a method group, another object's member).</summary>
        private static InvocationExpressionSyntax? InvocationOf(IdentifierNameSyntax use) => use.Parent switch
        {
            InvocationExpressionSyntax invocation when invocation.Expression == use => invocation,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Parent: InvocationExpressionSyntax invocation } access
                when access.Name == use && invocation.Expression == access => invocation,
            _ => null,
        };
    }
}
