// case: [GuardedBy] field of another instance copied under that instance's lock
// quiet
using Guarded;

public sealed class Budget
{
    private readonly object _gate = new object();

    [GuardedBy(nameof(_gate))]
    private decimal _remaining;

    public void Spend(decimal amount)
    {
        lock (_gate)
        {
            _remaining -= amount;
        }
    }

    public static decimal Peek(Budget other)
    {
        lock (other._gate)
        {
            return other._remaining;
        }
    }
}
