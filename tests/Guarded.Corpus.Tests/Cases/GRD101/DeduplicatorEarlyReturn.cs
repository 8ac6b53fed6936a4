// case: webhook deduplicator remembers delivery ids after an early return
using System;
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class WebhookDeduplicator
{
    private readonly HashSet<Guid> _seen = new HashSet<Guid>();

    public Task AcceptAsync(Guid deliveryId, string body) => Task.Run(() => Accept(deliveryId, body));

    private void Accept(Guid deliveryId, string body)
    {
        if (_seen.Contains(deliveryId)) // expect: GRD101
        {
            return;
        }

        _seen.Add(deliveryId);
        Console.WriteLine(body.Length);
    }
}
