using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Model;

/// <summary>
/// Guarded's annotations, matched by simple name so that code without Guarded.Runtime can declare its own
/// (<c>Guarded.ThreadSafeAttribute</c> or any <c>ThreadSafeAttribute</c>).
/// </summary>
internal static class Annotations
{
    public const string ThreadSafe = "ThreadSafeAttribute";
    public const string BenignRace = "BenignRaceAttribute";
    public const string GuardedBy = "GuardedByAttribute";
    public const string RequiresGuard = "RequiresGuardAttribute";

    public static bool Has(ISymbol symbol, string attributeName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == attributeName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the user declared a race on <paramref name="symbol"/> (or on its containing members and types) benign.</summary>
    public static bool IsDeclaredBenign(ISymbol? symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (Has(current, BenignRace))
            {
                return true;
            }
        }

        return false;
    }
}
