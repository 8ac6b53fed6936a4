// case: dashboard sample read in a member marked [BenignRace]
// quiet
using Guarded;

public sealed class QueueMetrics
{
    private readonly object _gate = new object();
    private int _length;

    public void Resize(int length)
    {
        lock (_gate)
        {
            _length = length;
        }
    }

    [BenignRace("approximate value for the status page")]
    public int SampleLength() => _length;
}
