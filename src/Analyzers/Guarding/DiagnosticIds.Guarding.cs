namespace Guarded.Analyzers;

public static partial class DiagnosticIds
{
    /// <summary>A shared field written under a guard in one member and accessed without any guard in another.</summary>
    public const string InconsistentlyGuardedField = "GRD201";
}
