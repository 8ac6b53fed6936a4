// case: [ThreadSafe] order book keeps a running total with x = x + k
using Guarded;

[ThreadSafe]
public sealed class OrderBook
{
    private decimal _total;

    public void Place(decimal amount)
    {
        _total = _total + amount; // expect: GRD105
    }

    public decimal Total => _total;
}
