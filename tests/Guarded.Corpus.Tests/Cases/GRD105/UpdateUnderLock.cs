// case: wallet debits and credits under one lock
// quiet
public sealed class Wallet
{
    private readonly object _gate = new object();
    private decimal _balance;

    public void Credit(decimal amount)
    {
        lock (_gate)
        {
            _balance += amount;
        }
    }

    public bool TryDebit(decimal amount)
    {
        lock (_gate)
        {
            if (_balance < amount)
            {
                return false;
            }

            _balance -= amount;
            return true;
        }
    }
}
