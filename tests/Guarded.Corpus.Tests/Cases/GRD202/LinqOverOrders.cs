// case: open orders filtered with LINQ without the lock
using System.Collections.Generic;
using System.Linq;

public sealed class OrderBoard
{
    private readonly object _gate = new object();
    private readonly List<Order> _orders = new List<Order>();

    public void Place(Order order)
    {
        lock (_gate)
        {
            _orders.Add(order);
        }
    }

    public List<Order> Late(int minutes) => _orders.Where(o => o.WaitingMinutes > minutes).ToList(); // expect: GRD202
}

public sealed record Order(string Id, int WaitingMinutes);
