using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Guarded.CodeFixes.Editing;

/// <summary>Names the fixes give to the locals, parameters and fields they introduce.</summary>
internal static class Naming
{
    /// <summary>A field's name without its prefix, in camel case: <c>_sessions</c>, <c>s_sessions</c>, <c>m_sessions</c> → <c>sessions</c>.</summary>
    public static string StemOf(string fieldName)
    {
        var stem = fieldName.TrimStart('_');
        if (stem.Length > 2 && stem[1] == '_')
        {
            stem = stem.Substring(2);
        }

        return stem.Length == 0 ? "value" : char.ToLowerInvariant(stem[0]) + stem.Substring(1);
    }

    /// <summary><paramref name="stem"/>, or <paramref name="stem"/> with a number, that names nothing in scope at <paramref name="position"/> and is no keyword.</summary>
    public static string FreeName(string stem, SemanticModel semanticModel, int position, ICollection<string>? taken = null)
    {
        var candidate = stem;
        for (var i = 2;
             (taken is not null && taken.Contains(candidate)) ||
             !semanticModel.LookupSymbols(position, name: candidate).IsEmpty ||
             SyntaxFacts.GetKeywordKind(candidate) != SyntaxKind.None;
             i++)
        {
            candidate = stem + i;
        }

        return candidate;
    }
}
