// case: ticket writer with a lock statement
// quiet
using System.Collections.Generic;

public sealed class SafeTicketWriter
{
    private readonly object _ticketLock = new object();
    private readonly List<string> _wire = new List<string>();

    public void SendTicket(string orderId, IReadOnlyList<string> lines)
    {
        lock (_ticketLock)
        {
            _wire.Add($"BEGIN {orderId}");
            _wire.AddRange(lines);
            _wire.Add($"END {orderId}");
        }
    }
}
