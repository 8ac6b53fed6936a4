// case: ticket lines written between Monitor.Enter and a plain Monitor.Exit
using System.Collections.Generic;
using System.Threading;

public sealed class TicketWriter
{
    private readonly object _ticketLock = new object();
    private readonly List<string> _wire = new List<string>();

    public void SendTicket(string orderId, IReadOnlyList<string> lines)
    {
        Monitor.Enter(_ticketLock);
        _wire.Add($"BEGIN {orderId}");
        foreach (string line in lines)
        {
            _wire.Add(line); // one line per item
        }

        _wire.Add($"END {orderId}");
        Monitor.Exit(_ticketLock); // expect: GRD303
    }
}
