namespace Guarded.Analyzers;

/// <summary>
/// Diagnostic properties the guarding rules add to <see cref="GuardProperties"/> for their code fixes.
/// </summary>
public static class GuardingProperties
{
    /// <summary>
    /// Other findings of the same rule on the same field in the same body, as <c>start:length</c> spans joined by
    /// <c>;</c>: the fix guards them together with the reported one when it can.
    /// </summary>
    public const string RelatedSpans = "RelatedSpans";

    /// <summary>The <c>GuardKind</c> value telling the fix to take a <c>ReaderWriterLockSlim</c> read section.</summary>
    public const string ReadSection = "ReadSection";

    /// <summary>GRD204: "true" when the minority <c>lock</c> (the second additional location) can lock on the dominant guard instead.</summary>
    public const string CanRewriteLock = "CanRewriteLock";
}
