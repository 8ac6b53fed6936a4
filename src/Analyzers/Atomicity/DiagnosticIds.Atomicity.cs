namespace Guarded.Analyzers;

public static partial class DiagnosticIds
{
    /// <summary>Check-then-act on a shared non-concurrent collection.</summary>
    public const string CheckThenActOnSharedCollection = "GRD101";
}
