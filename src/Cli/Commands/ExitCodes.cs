namespace Guarded.Cli.Commands;

/// <summary>Process exit codes of <c>guarded</c>; documented in <c>src/Cli/README.md</c>.</summary>
internal static class ExitCodes
{
    /// <summary>No finding at or above the <c>--fail-on</c> level.</summary>
    public const int Success = 0;

    /// <summary>At least one finding at or above the <c>--fail-on</c> level (analyzer crashes count as errors).</summary>
    public const int FindingsAtOrAboveThreshold = 1;

    /// <summary>Bad input: bad arguments, a path that does not exist, a project or solution that does not load.</summary>
    public const int BadInput = 2;
}
