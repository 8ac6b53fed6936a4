// case: revenue total reset under the report lock instead of the sales lock
public sealed class Revenue
{
    private readonly object _salesLock = new object();
    private readonly object _reportLock = new object();
    private decimal _total;

    public void Sell(decimal amount)
    {
        lock (_salesLock)
        {
            _total += amount;
        }
    }

    public void Refund(decimal amount)
    {
        lock (_salesLock)
        {
            _total -= amount;
        }
    }

    public decimal CloseDay()
    {
        lock (_reportLock)
        {
            var total = _total; // expect: GRD204
            _total = 0;
            return total;
        }
    }
}
