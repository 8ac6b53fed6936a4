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
/// spelled. One signal is given up: a call on a concurrent collection, timer or thread whose type the running code
/// never spells (reached through a parameter or another object) does not, alone, mark the block as showing
/// concurrency intent. That
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

    /// <summary>
    /// Members that block until a task completes: a task is usually reached through a variable or a call whose type
    /// the code never spells (<c>LoadAsync().Result</c>), so they count by name.
    /// </summary>
    private static readonly string[] BlockingTaskMembers = { "Wait", "Result", "GetResult" };

    private readonly HashSet<string> _names;

    private ConcurrencyVocabulary(HashSet<string> names) => _names = names;

    /// <summary>The vocabulary of <paramref name="compilation"/>, built by the first rule that asks.</summary>
    public static ConcurrencyVocabulary For(Compilation compilation, WellKnownTypes types) =>
        PerCompilation.GetValue(compilation, c => Build(c, types));

    /// <summary>
    /// Whether the code that <paramref name="codeBlock"/> runs (its body, expression body, constructor initializer, or
    /// the initializers it declares; not its signature, whose own name would always match) may touch concurrency, or a
    /// member of <paramref name="ownMembers"/> (the names declared by the type being modelled; null when only
    /// concurrency itself matters).
    /// </summary>
    public bool MayMatter(SyntaxNode codeBlock, HashSet<string>? ownMembers)
    {
        switch (codeBlock)
        {
            case BaseMethodDeclarationSyntax method:
                return Spells(method.Body, ownMembers) || Spells(method.ExpressionBody, ownMembers) ||
                    (method is ConstructorDeclarationSyntax constructor && Spells(constructor.Initializer, ownMembers));

            case AccessorDeclarationSyntax accessor:
                return Spells(accessor.Body, ownMembers) || Spells(accessor.ExpressionBody, ownMembers);

            case BaseFieldDeclarationSyntax field:
                foreach (var variable in field.Declaration.Variables)
                {
                    if (Spells(variable.Initializer, ownMembers))
                    {
                        return true;
                    }
                }

                return false;

            case PropertyDeclarationSyntax property:
                return Spells(property.Initializer, ownMembers);

            case TypeDeclarationSyntax type:
                // A primary constructor runs its base type's arguments; its parameters are captured, not run.
                foreach (var baseType in type.BaseList?.Types ?? default)
                {
                    if (baseType is PrimaryConstructorBaseTypeSyntax primary && Spells(primary.ArgumentList, ownMembers))
                    {
                        return true;
                    }
                }

                return false;

            case CompilationUnitSyntax unit:
                foreach (var member in unit.Members)
                {
                    if (member is GlobalStatementSyntax global && Spells(global, ownMembers))
                    {
                        return true;
                    }
                }

                return false;

            default:
                return Spells(codeBlock, ownMembers);
        }
    }

    private bool Spells(SyntaxNode? code, HashSet<string>? ownMembers)
    {
        if (code is null)
        {
            return false;
        }

        foreach (var token in code.DescendantTokens())
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
        names.UnionWith(BlockingTaskMembers);

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
