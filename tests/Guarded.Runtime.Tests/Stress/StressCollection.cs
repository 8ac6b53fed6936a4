namespace Guarded.Runtime.Tests.Stress;

/// <summary>Stress tests run one at a time (never in parallel with each other) so that each gets the whole machine.</summary>
[CollectionDefinition("Stress", DisableParallelization = true)]
public sealed class StressCollection
{
}
