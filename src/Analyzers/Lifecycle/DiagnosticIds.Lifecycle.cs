namespace Guarded.Analyzers;

public static partial class DiagnosticIds
{
    /// <summary>A lock's release is not in a <c>finally</c> block.</summary>
    public const string ReleaseOutsideFinally = "GRD303";
}
