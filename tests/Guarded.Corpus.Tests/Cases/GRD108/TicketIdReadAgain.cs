// case: a ticket dispenser increments its counter atomically and returns a fresh read of it: two callers get the same ticket
using System.Threading;

public sealed class TicketDispenser
{
    private long _issued;

    public long Issue()
    {
        Interlocked.Increment(ref _issued); // expect: GRD108
        return _issued;
    }
}
