namespace Guarded.Analyzers;

/// <summary>
/// The rule identifiers. The family digit is a contract: GRD1xx atomicity, GRD2xx guarding, GRD3xx lifecycle.
/// A retired id is never reused.
/// </summary>
public static class DiagnosticIds
{
    /// <summary>Check-then-act on a shared non-concurrent collection.</summary>
    public const string CheckThenActOnSharedCollection = "GRD101";
}
