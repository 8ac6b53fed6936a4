using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.Analyzers.Model;

/// <summary>
/// The guards that other types of the compilation hold when they call a type's internal helpers: a helper only its
/// owner calls, always under the owner's lock (<c>lock (_gate) { _batch.Append(m); }</c>), runs under that lock.
/// </summary>
/// <remarks>
/// Read from syntax, never bound: every use of the helper's name outside the type counts, whatever it binds to, so a
/// same-named method elsewhere can only make a helper look less guarded, never more. A use that is not a call (a method
/// group, a call in a lambda or local function that may run later) or a call outside any <c>lock</c> of the calling
/// type leaves the helper unguarded. Only methods no other assembly can reach by name are helpers: not public API,
/// not overrides or interface implementations (reachable through their base), not names the compiler calls
/// implicitly (<c>Dispose</c>, <c>GetEnumerator</c>, <c>Add</c> …). Friend assemblies (<c>InternalsVisibleTo</c>,
/// usually tests) are not consulted.
/// </remarks>
internal sealed class AssemblyCallers
{
    private static readonly ConditionalWeakTable<Compilation, AssemblyCallers> PerCompilation = new();

    /// <summary>Names the compiler calls without spelling them: <c>using</c>, <c>foreach</c>, <c>await</c>, collection initializers, deconstruction.</summary>
    private static readonly ImmutableHashSet<string> ImplicitlyCalled = ImmutableHashSet.Create(
        "Add", "Dispose", "DisposeAsync", "GetEnumerator", "GetAsyncEnumerator", "MoveNext", "MoveNextAsync",
        "GetAwaiter", "GetResult", "OnCompleted", "UnsafeOnCompleted", "Deconstruct", "GetPinnableReference", "Slice", "Invoke");

    private readonly Compilation _compilation;
    private readonly object _gate = new();
    private readonly Dictionary<TypeDeclarationSyntax, INamedTypeSymbol?> _declaredTypes = new();
    private Dictionary<string, List<SimpleNameSyntax>>? _usesByName;

    private AssemblyCallers(Compilation compilation) => _compilation = compilation;

    /// <summary>The callers of <paramref name="compilation"/>, indexed by the first type that asks.</summary>
    public static AssemblyCallers For(Compilation compilation) =>
        PerCompilation.GetValue(compilation, c => new AssemblyCallers(c));

    /// <summary>Whether <paramref name="method"/> is an internal helper: a method only this compilation can call, and only by name.</summary>
    public static bool IsHelper(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Ordinary &&
        method.DeclaredAccessibility != Accessibility.Private &&
        !method.IsOverride && !method.IsAbstract && !method.IsVirtual && !method.IsExtern && !method.IsImplicitlyDeclared &&
        method.ExplicitInterfaceImplementations.IsEmpty &&
        !ImplicitlyCalled.Contains(method.Name) &&
        IsReachableOnlyInside(method);

    /// <summary>
    /// For each of <paramref name="helpers"/> (declared by <paramref name="type"/>), what its calls from other types
    /// hold: absent when some use outside the type is not a call under a lock, null when there is no use outside the
    /// type, otherwise the guards every such call holds.
    /// </summary>
    public Dictionary<ISymbol, ImmutableHashSet<Guard>?> GuardsAtOutsideCalls(INamedTypeSymbol type, IEnumerable<IMethodSymbol> helpers, CancellationToken cancellationToken)
    {
        var result = new Dictionary<ISymbol, ImmutableHashSet<Guard>?>(SymbolEqualityComparer.Default);
        var own = new HashSet<SyntaxNode>(type.DeclaringSyntaxReferences.Select(reference => reference.GetSyntax(cancellationToken)));
        var uses = UsesByName(cancellationToken);
        foreach (var helper in helpers)
        {
            if (ImplementsInterface(helper))
            {
                continue;
            }

            ImmutableHashSet<Guard>? meet = null;
            var guarded = true;
            foreach (var use in uses.TryGetValue(helper.Name, out var found) ? found : new List<SimpleNameSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (use.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration || own.Contains(declaration) || IsNameOf(use))
                {
                    continue;
                }

                if (InvocationOf(use) is not { } invocation)
                {
                    guarded = false;
                    break;
                }

                if (!SyntaxGuards.ArgumentCountFits(invocation, helper))
                {
                    continue;
                }

                var atCall = GuardsAround(invocation, declaration);
                if (atCall.IsEmpty)
                {
                    guarded = false;
                    break;
                }

                meet = meet is null ? atCall : meet.Intersect(atCall);
                if (meet.IsEmpty)
                {
                    guarded = false;
                    break;
                }
            }

            if (guarded)
            {
                result[helper.OriginalDefinition] = meet;
            }
        }

        return result;
    }

    private static bool IsReachableOnlyInside(ISymbol method)
    {
        for (ISymbol? current = method; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is Accessibility.Internal or Accessibility.ProtectedAndInternal or Accessibility.Private)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ImplementsInterface(IMethodSymbol method)
    {
        var type = method.ContainingType;
        foreach (var contract in type.AllInterfaces)
        {
            foreach (var member in contract.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsNameOf(SimpleNameSyntax use) =>
        use.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } };

    /// <summary>The call <paramref name="use"/> names the target of: <c>Append(x)</c>, <c>_batch.Append(x)</c>, <c>_batch?.Append(x)</c>.</summary>
    private static InvocationExpressionSyntax? InvocationOf(SimpleNameSyntax use) => use.Parent switch
    {
        InvocationExpressionSyntax invocation when invocation.Expression == use => invocation,
        MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access when access.Name == use && invocation.Expression == access => invocation,
        MemberBindingExpressionSyntax { Parent: InvocationExpressionSyntax invocation } binding when binding.Name == use && invocation.Expression == binding => invocation,
        _ => null,
    };

    /// <summary>The locks the calling type holds around <paramref name="invocation"/> in the same member; empty when it runs in a lambda or local function.</summary>
    private ImmutableHashSet<Guard> GuardsAround(InvocationExpressionSyntax invocation, TypeDeclarationSyntax declaration)
    {
        var guards = ImmutableHashSet<Guard>.Empty;
        INamedTypeSymbol? caller = null;
        for (SyntaxNode? current = invocation.Parent; current is not null && current != declaration; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return ImmutableHashSet<Guard>.Empty;
                case LockStatementSyntax lockStatement when lockStatement.Statement.Span.Contains(invocation.Span):
                    caller ??= DeclaredType(declaration);
                    if (caller is not null && SyntaxGuards.OfLockExpression(lockStatement.Expression, caller, caller) is { } guard)
                    {
                        guards = guards.Add(guard);
                    }

                    break;
                case MemberDeclarationSyntax:
                    return guards;
            }
        }

        return guards;
    }

    private INamedTypeSymbol? DeclaredType(TypeDeclarationSyntax declaration)
    {
        lock (_gate)
        {
            if (!_declaredTypes.TryGetValue(declaration, out var type))
            {
                type = _compilation.GetSymbolsWithName(declaration.Identifier.ValueText, SymbolFilter.Type)
                    .OfType<INamedTypeSymbol>()
                    .FirstOrDefault(candidate => candidate.DeclaringSyntaxReferences.Any(reference =>
                        reference.SyntaxTree == declaration.SyntaxTree && reference.Span == declaration.Span));
                _declaredTypes[declaration] = type;
            }

            return type;
        }
    }

    /// <summary>Every use, in the compilation's source, of a name some internal helper has: built once, on first use.</summary>
    private Dictionary<string, List<SimpleNameSyntax>> UsesByName(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_usesByName is not null)
            {
                return _usesByName;
            }

            var names = new HashSet<string>(System.StringComparer.Ordinal);
            CollectHelperNames(_compilation.Assembly.GlobalNamespace, names, cancellationToken);
            var uses = new Dictionary<string, List<SimpleNameSyntax>>(System.StringComparer.Ordinal);
            if (names.Count > 0)
            {
                foreach (var tree in _compilation.SyntaxTrees)
                {
                    foreach (var token in tree.GetRoot(cancellationToken).DescendantTokens())
                    {
                        if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is SimpleNameSyntax name && names.Contains(token.ValueText))
                        {
                            if (!uses.TryGetValue(token.ValueText, out var list))
                            {
                                uses[token.ValueText] = list = new List<SimpleNameSyntax>();
                            }

                            list.Add(name);
                        }
                    }
                }
            }

            return _usesByName = uses;
        }
    }

    private static void CollectHelperNames(INamespaceOrTypeSymbol container, HashSet<string> names, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceSymbol ns:
                    CollectHelperNames(ns, names, cancellationToken);
                    break;
                case INamedTypeSymbol type when type.Locations.Any(location => location.IsInSource):
                    CollectHelperNames(type, names, cancellationToken);
                    break;
                case IMethodSymbol method when IsHelper(method):
                    names.Add(method.Name);
                    break;
            }
        }
    }
}
