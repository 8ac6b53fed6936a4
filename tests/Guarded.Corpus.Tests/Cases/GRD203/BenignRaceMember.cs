// case: monitoring read of a [GuardedBy] field in a [BenignRace] member
// quiet
using Guarded;

public sealed class ConnectionPool
{
    private readonly object _gate = new object();

    [GuardedBy(nameof(_gate))]
    private int _leased;

    public void Lease()
    {
        lock (_gate)
        {
            _leased++;
        }
    }

    [BenignRace("monitoring snapshot, staleness is fine")]
    public int LeasedApprox() => _leased;
}
