namespace Guarded.Analyzers;

internal static class DiagnosticCategories
{
    public const string Atomicity = "Atomicity";
    public const string Guarding = "Guarding";
    public const string Lifecycle = "Lifecycle";
    public const string Hygiene = "Hygiene";
}
