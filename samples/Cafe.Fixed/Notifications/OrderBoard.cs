// Seed incident: the order board. Kitchen screens subscribe to order updates. A screen that subscribed while an
// update was being broadcast crashed the broadcaster ("Collection was modified"), and the screen map was read
// without the lock its writers held, so a status page sometimes reported a screen that had just gone away.
namespace Cafe.Notifications;

/// <summary>A screen in the kitchen or at the counter that shows order progress.</summary>
public interface IOrderScreen
{
    /// <summary>Shows the new status of an order.</summary>
    void Show(string orderId, string status);
}

/// <summary>Pushes order status changes to every subscribed screen.</summary>
public sealed class OrderBoard
{
    private readonly object _gate = new();
    private readonly List<IOrderScreen> _subscribers = new();
    private readonly Dictionary<string, IOrderScreen> _screensById = new(StringComparer.Ordinal);

    /// <summary>Number of subscribed screens.</summary>
    public int ScreenCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Subscribes a screen; it receives every later status change.</summary>
    public void Subscribe(string screenId, IOrderScreen screen)
    {
        lock (_gate)
        {
            _subscribers.Add(screen);
            _screensById[screenId] = screen;
        }
    }

    /// <summary>Removes a screen that went offline.</summary>
    public void Unsubscribe(string screenId)
    {
        lock (_gate)
        {
            if (_screensById.Remove(screenId, out IOrderScreen? screen))
            {
                _subscribers.Remove(screen);
            }
        }
    }

    /// <summary>Sends a status change to every screen.</summary>
    public void Broadcast(string orderId, string status)
    {
        List<IOrderScreen> snapshot;
        lock (_gate)
        {
            snapshot = _subscribers.ToList();
        }

        foreach (IOrderScreen screen in snapshot)
        {
            screen.Show(orderId, status);
        }
    }

    /// <summary>Whether a screen is currently subscribed (for the status page).</summary>
    public bool IsOnline(string screenId)
    {
        lock (_gate)
        {
            return _screensById.ContainsKey(screenId);
        }
    }
}
