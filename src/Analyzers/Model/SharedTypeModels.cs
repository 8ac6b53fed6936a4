using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Model;

/// <summary>
/// The concurrency model of each type, built once and shared by every rule that analyses the type in the same
/// compilation, instead of once per rule.
/// </summary>
/// <remarks>
/// Keyed weakly by the type's symbol: symbols belong to one compilation, so a model lives exactly as long as the
/// compilation that produced it and never leaks into the next one (an edit in the IDE creates new symbols). Two rules
/// that finish the same type at the same moment may both build it; the first model stored wins and both are equal.
/// </remarks>
internal static class SharedTypeModels
{
    private static readonly ConditionalWeakTable<INamedTypeSymbol, TypeConcurrencyModel> Models = new();

    /// <summary>The shared model of <paramref name="type"/>, built from <paramref name="builder"/> by the first rule that asks.</summary>
    public static TypeConcurrencyModel GetOrBuild(INamedTypeSymbol type, SharedStateScope scope, TypeConcurrencyModelBuilder builder, CancellationToken cancellationToken)
    {
        if (Models.TryGetValue(type, out var shared) && shared.Scope == scope)
        {
            return shared;
        }

        var built = builder.Build(scope, cancellationToken);
        var stored = Models.GetValue(type, _ => built);
        return stored.Scope == scope ? stored : built;
    }
}
