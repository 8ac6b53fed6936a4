// Seed incident: the payment update that checked a balance and then debited it. Two orders paid from the same
// prepaid house account at the same moment both saw enough credit and both were debited, leaving the account
// negative; tab totals lost charges the same way when two tills added to one tab together.
namespace Cafe.Payments;

/// <summary>
/// A corporate house account: prepaid credit that orders can be paid from, plus open tabs per employee that
/// are settled at the end of the month.
/// </summary>
public sealed class TabService
{
    private readonly object _gate = new();
    private readonly Dictionary<string, decimal> _tabs = new(StringComparer.Ordinal);
    private decimal _balance;

    /// <summary>Remaining prepaid credit.</summary>
    public decimal Balance
    {
        get
        {
            lock (_gate)
            {
                return _balance;
            }
        }
    }

    /// <summary>Adds prepaid credit to the account.</summary>
    public void TopUp(decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        lock (_gate)
        {
            _balance += amount;
        }
    }

    /// <summary>Pays <paramref name="price"/> from the prepaid credit if there is enough of it.</summary>
    public bool TryPayFromCredit(decimal price)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(price);
        lock (_gate)
        {
            if (_balance >= price)
            {
                _balance -= price;
                return true;
            }
        }

        return false;
    }

    /// <summary>Opens a tab for <paramref name="employeeId"/>.</summary>
    public void OpenTab(string employeeId)
    {
        lock (_gate)
        {
            _tabs.TryAdd(employeeId, 0m);
        }
    }

    /// <summary>Adds <paramref name="amount"/> to the open tab of <paramref name="employeeId"/>.</summary>
    public void AddToTab(string employeeId, decimal amount)
    {
        lock (_gate)
        {
            if (!_tabs.ContainsKey(employeeId))
            {
                throw new InvalidOperationException($"No open tab for '{employeeId}'.");
            }

            _tabs[employeeId] = _tabs[employeeId] + amount;
        }
    }

    /// <summary>Closes the tab of <paramref name="employeeId"/> and returns what is owed.</summary>
    public decimal CloseTab(string employeeId)
    {
        lock (_gate)
        {
            return _tabs.Remove(employeeId, out decimal total) ? total : 0m;
        }
    }
}
