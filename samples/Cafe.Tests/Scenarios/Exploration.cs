using Guarded.Coyote;

namespace Cafe.Tests.Scenarios;

/// <summary>Options shared by the racy and the fixed runs of a scenario.</summary>
public static class Exploration
{
    /// <summary>
    /// `if (_balance >= price) _balance -= price;` has no scheduling point of its own: Coyote must also interleave at
    /// field reads and writes to put the second order between the check and the debit.
    /// </summary>
    public static SystematicTestOptions FieldAccesses { get; } = new() { InterleaveFieldAccesses = true };
}
