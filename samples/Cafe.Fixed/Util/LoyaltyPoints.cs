namespace Cafe.Util;

/// <summary>Loyalty points per customer, earned from every till at once; every access holds the lock.</summary>
public sealed class LoyaltyPoints
{
    private readonly Dictionary<string, int> _points = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Adds <paramref name="points"/> to <paramref name="customerId"/> and returns the new total.</summary>
    public int Earn(string customerId, int points)
    {
        lock (_gate)
        {
            if (!_points.ContainsKey(customerId))
            {
                _points[customerId] = 0;
            }

            _points[customerId] += points;
            return _points[customerId];
        }
    }

    /// <summary>Redeems <paramref name="points"/> if the customer has enough of them.</summary>
    public bool TryRedeem(string customerId, int points)
    {
        lock (_gate)
        {
            if (_points.TryGetValue(customerId, out int current) && current >= points)
            {
                _points[customerId] = current - points;
                return true;
            }

            return false;
        }
    }

    /// <summary>The current points of <paramref name="customerId"/>.</summary>
    public int PointsOf(string customerId)
    {
        lock (_gate)
        {
            return _points.TryGetValue(customerId, out int current) ? current : 0;
        }
    }
}
