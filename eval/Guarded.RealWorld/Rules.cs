using System.Collections.Generic;
using System.Linq;
using Guarded.Analyzers;

namespace Guarded.RealWorld;

/// <summary>The rules the shipped analyzer hosts, and whether each is on by default.</summary>
internal static class Rules
{
    /// <summary>Every Guarded rule id, with whether it reports without being turned on.</summary>
    public static IReadOnlyDictionary<string, bool> All { get; } = new GuardedAnalyzer().SupportedDiagnostics
        .GroupBy(d => d.Id)
        .OrderBy(g => g.Key, System.StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().IsEnabledByDefault);

    /// <summary>Whether <paramref name="id"/> is on by default (unknown ids, such as AD0001, count as on).</summary>
    public static bool IsOnByDefault(string id) => !All.TryGetValue(id, out bool enabled) || enabled;
}
