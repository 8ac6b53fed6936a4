using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.Analyzers.Model;

/// <summary>
/// The names through which code can touch concurrency: the well-known synchronization, scheduling and concurrent
/// collection types, the members of the lock types, the guard methods the rules recognize by name, and the
/// compilation's using aliases and static imports. A code block that spells none of them (and no <c>lock</c>, and nothing of its own type) cannot
/// contribute to a rule, so the rules never bind it.
/// </summary>
/// <remarks>
/// Binding a member body and building its operation tree is most of an analyzer's price in a build, and in a typical
/// code base most bodies are plain single-threaded code. The test is on tokens and errs towards binding: a name that
/// merely looks like one of ours makes the block count, and so does a target-typed <c>new(…)</c>, whose type is not
/// spelled. One signal is given up: a call on a concurrent collection, timer or thread that the block reaches through
/// another object without ever spelling its type does not, alone, mark the block as showing concurrency intent. That
/// can only make the rules quieter, never report more. Built once per compilation and shared by every rule.
/// </remarks>
internal sealed class ConcurrencyVocabulary
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrencyVocabulary> PerCompilation = new();

    /// <summary>Names the rules recognize by name rather than by a resolved type (async locks from other libraries, scheduling helpers).</summary>
    private static readonly string[] RecognizedByName =
    {
        "AsyncLock", "AsyncReaderWriterLock", "AsyncSemaphore", "Lock", "LockAsync", "ReaderLock", "ReaderLockAsync",
        "WriterLock", "WriterLockAsync", "Acquire", "AcquireAsync", "ContinueWith", "Run", "StartNew",
    };

    private readonly HashSet<string> _names;

    private ConcurrencyVocabulary(HashSet<string> names) => _names = names;

    /// <summary>The vocabulary of <paramref name="compilation"/>, built by the first rule that asks.</summary>
    public static ConcurrencyVocabulary For(Compilation compilation, WellKnownTypes types) =>
        PerCompilation.GetValue(compilation, c => Build(c, types));

    /// <summary>
    /// Whether <paramref name="codeBlock"/> may touch concurrency, or a member of <paramref name="ownMembers"/> (the
    /// names declared by the type being modelled; null when only concurrency itself matters).
    /// </summary>
    public bool MayMatter(SyntaxNode codeBlock, HashSet<string>? ownMembers)
    {
        foreach (var token in codeBlock.DescendantTokens())
        {
            switch (token.Kind())
            {
                case SyntaxKind.IdentifierToken:
                    var name = token.ValueText;
                    if (_names.Contains(name) || (ownMembers is not null && ownMembers.Contains(name)))
                    {
                        return true;
                    }

                    break;

                case SyntaxKind.LockKeyword:
                    return true;

                case SyntaxKind.NewKeyword when token.Parent is ImplicitObjectCreationExpressionSyntax:
                    return true;
            }
        }

        return false;
    }

    private static ConcurrencyVocabulary Build(Compilation compilation, WellKnownTypes types)
    {
        var names = new HashSet<string>(RecognizedByName, System.StringComparer.Ordinal);

        // A type that only shows intent is spelled wherever it matters: static members are reached through the type,
        // an instance is created with `new T` or held in a variable of a declared type.
        foreach (var type in types.ConcurrencyIntentTypes)
        {
            names.Add(type.Name);
        }

        if (FindNamespace(compilation.GlobalNamespace, "System", "Collections", "Concurrent") is { } concurrentCollections)
        {
            foreach (var type in concurrentCollections.GetTypeMembers())
            {
                names.Add(type.Name);
            }
        }

        // A lock handed out by a helper (`var gate = GetLock(key); gate.Wait(); … gate.Release();`) is reached through
        // a variable whose type is never spelled: its acquire and release calls count by name.
        foreach (var type in types.LockTypes)
        {
            names.Add(type.Name);
            AddMembers(type, names);
        }

        // An alias or a `using static` can reach a lock type without spelling it where it is used.
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.GetRoot() is CompilationUnitSyntax root)
            {
                AddImports(root.Usings, root.Members, types, names);
            }
        }

        return new ConcurrencyVocabulary(names);
    }

    private static void AddMembers(INamedTypeSymbol type, HashSet<string> names)
    {
        foreach (var member in type.MemberNames)
        {
            // Disposing a lock object neither acquires nor releases it, and `Dispose` is everywhere.
            if (member != nameof(System.IDisposable.Dispose))
            {
                names.Add(member);
            }
        }
    }

    private static void AddImports(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<MemberDeclarationSyntax> members, WellKnownTypes types, HashSet<string> names)
    {
        foreach (var directive in usings)
        {
            if (directive.Alias is { } alias)
            {
                names.Add(alias.Name.Identifier.ValueText);
            }
            else if (directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword) && RightmostName(directive.Name) is { } imported)
            {
                foreach (var type in types.ConcurrencyIntentTypes)
                {
                    if (type.Name == imported)
                    {
                        AddMembers(type, names);
                    }
                }
            }
        }

        foreach (var member in members)
        {
            if (member is BaseNamespaceDeclarationSyntax ns)
            {
                AddImports(ns.Usings, ns.Members, types, names);
            }
        }
    }

    private static string? RightmostName(NameSyntax? name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    private static INamespaceSymbol? FindNamespace(INamespaceSymbol root, params string[] path)
    {
        var current = root;
        foreach (var part in path)
        {
            INamespaceSymbol? next = null;
            foreach (var candidate in current.GetNamespaceMembers())
            {
                if (candidate.Name == part)
                {
                    next = candidate;
                    break;
                }
            }

            if (next is null)
            {
                return null;
            }

            current = next;
        }

        return current;
    }
}
