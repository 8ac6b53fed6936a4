// case: the sequence is bumped and read back inside one lock, so no other update can land between them
// quiet
using System.Threading;

public sealed class SequenceBlock
{
    private readonly object _gate = new object();
    private long _sequence;

    public long Reserve(int count)
    {
        lock (_gate)
        {
            Interlocked.Add(ref _sequence, count);
            return _sequence;
        }
    }
}
