using System.Diagnostics;

namespace Guarded;

/// <summary>A snapshot of the counters of a <see cref="SessionLocks{TKey}"/>; exact once concurrent calls have returned.</summary>
[DebuggerDisplay("Acquisitions = {Acquisitions}, Contended = {ContendedAcquisitions}, Timeouts = {Timeouts}, LiveKeys = {LiveKeys}")]
public readonly struct SessionLocksStatistics
{
    /// <summary>Initializes a snapshot.</summary>
    /// <param name="acquisitions">Successful acquisitions.</param>
    /// <param name="contendedAcquisitions">Successful acquisitions that had to wait for another holder.</param>
    /// <param name="timeouts">Acquisitions that timed out (including <c>TryAcquire</c> calls that returned false).</param>
    /// <param name="liveKeys">Key entries currently tracked.</param>
    /// <param name="sweptKeys">Idle key entries removed by sweeps.</param>
    public SessionLocksStatistics(long acquisitions, long contendedAcquisitions, long timeouts, long liveKeys, long sweptKeys)
    {
        Acquisitions = acquisitions;
        ContendedAcquisitions = contendedAcquisitions;
        Timeouts = timeouts;
        LiveKeys = liveKeys;
        SweptKeys = sweptKeys;
    }

    /// <summary>Gets the number of successful acquisitions.</summary>
    public long Acquisitions { get; }

    /// <summary>Gets the number of successful acquisitions that had to wait for another holder.</summary>
    public long ContendedAcquisitions { get; }

    /// <summary>Gets the number of acquisitions that timed out (including <c>TryAcquire</c> calls that returned false).</summary>
    public long Timeouts { get; }

    /// <summary>Gets the number of key entries currently tracked.</summary>
    public long LiveKeys { get; }

    /// <summary>Gets the number of idle key entries removed by sweeps.</summary>
    public long SweptKeys { get; }
}
