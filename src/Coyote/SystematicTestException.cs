using System;

namespace Guarded.Coyote;

/// <summary>
/// Thrown by <see cref="SystematicTest"/> when an exploration does not end as the test requires; any test framework
/// reports it as a failure. The message carries the seed, Coyote's bug report, the saved trace and the replay command.
/// </summary>
public sealed class SystematicTestException : Exception
{
    /// <summary>Creates the exception for <paramref name="result"/>.</summary>
    public SystematicTestException(string message, SystematicTestResult result)
        : base(message)
    {
        Result = result;
    }

    /// <summary>Creates the exception without a result (for serializers and tooling).</summary>
    public SystematicTestException()
    {
    }

    /// <summary>Creates the exception without a result (for serializers and tooling).</summary>
    public SystematicTestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a result (for serializers and tooling).</summary>
    public SystematicTestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What the exploration found, or null when not created by <see cref="SystematicTest"/>.</summary>
    public SystematicTestResult? Result { get; }
}
