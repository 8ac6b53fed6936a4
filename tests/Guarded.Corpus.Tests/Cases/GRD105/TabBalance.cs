// case: bar tab debited after a balance check, topped up under the lock
public sealed class Tab
{
    private readonly object _gate = new object();
    private decimal _balance;

    public void TopUp(decimal amount)
    {
        lock (_gate)
        {
            _balance += amount;
        }
    }

    public bool TryPay(decimal price)
    {
        if (_balance >= price)
        {
            _balance -= price; // expect: GRD105
            return true;
        }

        return false;
    }
}
