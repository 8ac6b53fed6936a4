using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.Analyzers.Model;

/// <summary>
/// Lock helpers declared in the compilation: an instance method that waits on a lock (<c>SemaphoreSlim.Wait/WaitAsync</c>,
/// <c>Monitor.Enter</c>, <c>Lock.Enter</c>, a reader/writer lock's <c>Enter…Lock</c>) and returns the disposable that
/// releases it, so that <c>using (await _mutex.AcquireAsync())</c> holds a lock on <c>_mutex</c> for its scope. Judged
/// from the helper's syntax, never bound, once per method and compilation.
/// </summary>
internal sealed class LockHelpers
{
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _known = new(SymbolEqualityComparer.Default);

    /// <summary>Whether calling <paramref name="method"/> acquires a lock that disposing its result releases.</summary>
    public bool Acquires(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        if (method.IsStatic || method.DeclaringSyntaxReferences.IsEmpty || !ReturnsDisposable(method.ReturnType))
        {
            return false;
        }

        return _known.GetOrAdd(method, static m => m.DeclaringSyntaxReferences.Any(reference =>
            reference.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>().Any(IsWaitOnALock)));
    }

    private static bool IsWaitOnALock(InvocationExpressionSyntax invocation) =>
        invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } &&
        name is "Wait" or "WaitAsync" or "Enter" or "EnterWriteLock" or "EnterReadLock" or "EnterUpgradeableReadLock";

    /// <summary>The result is (a task of) something disposable: the releaser.</summary>
    private static bool ReturnsDisposable(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } task &&
            task.Name is "Task" or "ValueTask" &&
            task.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
        {
            type = task.TypeArguments[0];
        }

        return type.SpecialType != SpecialType.System_Void &&
            (type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable) ||
             type.GetMembers("Dispose").OfType<IMethodSymbol>().Any(m => m.Parameters.IsEmpty && !m.IsStatic));
    }
}
