// Seed incident: `connected = false` set in finally after the guard. Disconnect checked the flag, then awaited the
// goodbye message and only cleared the flag in finally, so a second disconnect (shutdown racing a health check)
// passed the same check and sent a second goodbye on a closing socket. The ticket writer released its lock
// only on the happy path, so one failed write froze every later ticket.
namespace Cafe.Connections;

/// <summary>A line-based connection to the kitchen display system.</summary>
public interface IKitchenDisplayLink
{
    /// <summary>Opens the connection.</summary>
    Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>Writes one line synchronously.</summary>
    void WriteLine(string line);

    /// <summary>Writes one line and flushes it.</summary>
    Task WriteLineAsync(string line, CancellationToken cancellationToken);

    /// <summary>Closes the connection.</summary>
    Task CloseAsync();
}

/// <summary>
/// Owns the connection to the kitchen display: connects on start-up, sends order tickets, and says goodbye on
/// shutdown so the display can mark this till offline.
/// </summary>
public sealed class ConnectionManager
{
    private readonly IKitchenDisplayLink _link;
    private readonly object _ticketLock = new();
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private bool _connected;
    private int _ticketsSent;

    /// <summary>Creates a manager over <paramref name="link"/>.</summary>
    public ConnectionManager(IKitchenDisplayLink link)
    {
        _link = link;
    }

    /// <summary>Whether the display connection is up.</summary>
    public bool IsConnected => _connected;

    /// <summary>Number of tickets sent since start-up.</summary>
    public int TicketsSent => Volatile.Read(ref _ticketsSent);

    /// <summary>Connects to the display unless already connected.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connected)
            {
                return;
            }

            await _link.OpenAsync(cancellationToken).ConfigureAwait(false);
            _connected = true;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Sends an order ticket; tickets from different tills must not interleave on the wire.</summary>
    public void SendTicket(string orderId, IReadOnlyList<string> lines)
    {
        lock (_ticketLock)
        {
            _link.WriteLine($"BEGIN {orderId}");
            foreach (string line in lines)
            {
                _link.WriteLine(line);
            }

            _link.WriteLine($"END {orderId}");
            Interlocked.Increment(ref _ticketsSent);
        }
    }

    /// <summary>Says goodbye to the display and marks the connection closed.</summary>
    public async Task DisconnectAsync()
    {
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_connected)
            {
                return;
            }

            _connected = false;
        }
        finally
        {
            _connectLock.Release();
        }

        await SendGoodbyeAsync().ConfigureAwait(false);
    }

    private async Task SendGoodbyeAsync()
    {
        await _link.WriteLineAsync("BYE", CancellationToken.None).ConfigureAwait(false);
        await _link.CloseAsync().ConfigureAwait(false);
    }
}
