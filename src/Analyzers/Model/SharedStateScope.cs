using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Analyzers.Model;

/// <summary>
/// Which fields the GRD1xx/GRD2xx rules treat as shared state, set with <c>guarded.shared_state</c> in .editorconfig.
/// </summary>
internal enum SharedStateScope
{
    /// <summary>Only fields of <c>[ThreadSafe]</c> types and <c>[GuardedBy]</c> fields.</summary>
    Annotated,

    /// <summary>The default: static fields, instance fields of types that show concurrency intent, and annotated fields.</summary>
    ConcurrentTypes,

    /// <summary>Every field.</summary>
    All,
}

internal static class GuardedOptions
{
    public const string SharedStateKey = "guarded.shared_state";

    public static SharedStateScope GetSharedStateScope(AnalyzerOptions options, SyntaxTree tree)
    {
        if (options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(SharedStateKey, out var value))
        {
            switch (value.Trim().ToLowerInvariant())
            {
                case "annotated":
                    return SharedStateScope.Annotated;
                case "all":
                    return SharedStateScope.All;
            }
        }

        return SharedStateScope.ConcurrentTypes;
    }
}
