using System.Diagnostics;

namespace Guarded;

/// <summary>A snapshot of the counters of a <see cref="VersionedLedger{TKey, TState}"/>; exact once concurrent calls have returned.</summary>
[DebuggerDisplay("Commits = {Commits}, Conflicts = {Conflicts}, Rejections = {Rejections}")]
public readonly struct VersionedLedgerStatistics
{
    /// <summary>Initializes a snapshot.</summary>
    /// <param name="commits">Updates committed (replayed journal records are not counted).</param>
    /// <param name="conflicts">Updates refused because the version was not the expected one.</param>
    /// <param name="rejections">Updates rejected by their decide callback.</param>
    public VersionedLedgerStatistics(long commits, long conflicts, long rejections)
    {
        Commits = commits;
        Conflicts = conflicts;
        Rejections = rejections;
    }

    /// <summary>Gets the number of updates committed by this instance (replayed journal records are not counted).</summary>
    public long Commits { get; }

    /// <summary>Gets the number of updates refused because the version was not the expected one.</summary>
    public long Conflicts { get; }

    /// <summary>Gets the number of updates rejected by their decide callback.</summary>
    public long Rejections { get; }
}
