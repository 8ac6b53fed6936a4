using Guarded.Analyzers;
using Microsoft.CodeAnalysis;

namespace Guarded.CodeFixes.Editing;

/// <summary>How a fix takes a field's guard: the form the analyzer saw it taken elsewhere, or a new private gate.</summary>
internal sealed class GuardForm
{
    private GuardForm(string kind, string guardText, bool isNewGate, bool isStatic)
    {
        Kind = kind;
        GuardText = guardText;
        IsNewGate = isNewGate;
        IsStatic = isStatic;
    }

    /// <summary>The analyzer's <c>GuardKind</c> name: <c>Lock</c>, <c>Monitor</c>, <c>Semaphore</c>, <c>WriteLock</c>, ….</summary>
    public string Kind { get; }

    /// <summary>The guard object as code, e.g. <c>_gate</c>.</summary>
    public string GuardText { get; }

    /// <summary>The fix must declare the gate (<see cref="GuardText"/> is its name).</summary>
    public bool IsNewGate { get; }

    /// <summary>A new gate must be static because the field it guards is.</summary>
    public bool IsStatic { get; }

    /// <summary>The form to use for <paramref name="diagnostic"/>, or null when its guard has no form a fix can write.</summary>
    public static GuardForm? From(Diagnostic diagnostic, INamedTypeSymbol containingType)
    {
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(GuardProperties.GuardKind, out var kind) || kind is null ||
            !properties.TryGetValue(GuardProperties.FieldName, out var fieldName) || fieldName is null)
        {
            return null;
        }

        var isStatic = properties.TryGetValue(GuardProperties.FieldIsStatic, out var staticText) && staticText == "true";
        if (kind == GuardProperties.NoGuard)
        {
            return new GuardForm("Lock", NewGateName(fieldName, containingType), isNewGate: true, isStatic);
        }

        if (!properties.TryGetValue(GuardProperties.GuardText, out var guardText) || string.IsNullOrEmpty(guardText))
        {
            return null;
        }

        return kind switch
        {
            "Lock" or "Monitor" or "LockScope" or "Synchronized" or "Semaphore" or "ReadLock" or "UpgradeableReadLock" or "WriteLock" or "AsyncLock"
                => new GuardForm(kind, guardText!, isNewGate: false, isStatic),
            GuardingProperties.ReadSection => new GuardForm(kind, guardText!, isNewGate: false, isStatic),
            _ => null,
        };
    }

    /// <summary>
    /// A gate name in the field's own naming style (<c>_sessions</c> → <c>_sessionsLock</c>, <c>s_routes</c> →
    /// <c>s_routesLock</c>) that no member of the type uses yet.
    /// </summary>
    private static string NewGateName(string fieldName, INamedTypeSymbol type)
    {
        var prefixLength = fieldName.Length > 2 && fieldName[1] == '_' ? 2 : fieldName.StartsWith("_", System.StringComparison.Ordinal) ? 1 : 0;
        var prefix = fieldName.Substring(0, prefixLength);
        var stem = fieldName.Substring(prefixLength);
        if (stem.Length == 0)
        {
            stem = "state";
        }

        var baseName = prefix + (prefix.Length == 0 ? char.ToLowerInvariant(stem[0]) + stem.Substring(1) : stem) + "Lock";
        var candidate = baseName;
        var suffix = 2;
        while (!type.GetMembers(candidate).IsEmpty)
        {
            candidate = baseName + suffix++;
        }

        return candidate;
    }
}
