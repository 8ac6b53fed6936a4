namespace Guarded.Analyzers;

/// <summary>
/// The rule identifiers. The family digit is a contract: GRD1xx atomicity, GRD2xx guarding, GRD3xx lifecycle.
/// A retired id is never reused. Each family keeps its ids in its own part of this class.
/// </summary>
public static partial class DiagnosticIds
{
}
