using Microsoft.CodeAnalysis;

namespace Guarded.CodeFixes.Editing;

/// <summary>Reads what an analyzer left in a diagnostic's properties for its fix.</summary>
internal static class DiagnosticHints
{
    /// <summary>
    /// The property <paramref name="key"/> of <paramref name="diagnostic"/>, or null when the diagnostic does not carry
    /// it: a host may hand a fixer a diagnostic from another analyzer build, or one it rebuilt without properties, and
    /// a fix that lacks what it needs is not offered rather than thrown.
    /// </summary>
    public static string? Hint(this Diagnostic diagnostic, string key) =>
        diagnostic.Properties.TryGetValue(key, out var value) ? value : null;
}
