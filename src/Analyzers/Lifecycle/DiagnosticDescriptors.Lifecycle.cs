using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers;

public static partial class DiagnosticDescriptors
{
    /// <summary>GRD303: a lock is acquired and then released outside a <c>finally</c> block.</summary>
    public static readonly DiagnosticDescriptor ReleaseOutsideFinally = Create(
        DiagnosticIds.ReleaseOutsideFinally,
        title: "Lock release is not in a finally block",
        messageFormat: "'{1}' takes '{0}' but '{2}' releases it outside a finally block; an exception in between leaves '{0}' held and every later caller blocks",
        DiagnosticCategories.Lifecycle,
        description: "When the code between an acquire and its release throws, a release that is not in a finally block never runs: the lock stays held and every later caller waits forever. Release in a finally block of a try that starts right after the acquire, or use a lock statement.");
}
