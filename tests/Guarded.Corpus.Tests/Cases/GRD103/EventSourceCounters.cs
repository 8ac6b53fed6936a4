// case: counters created lazily in EventSource.OnEventCommand, which EventSource only calls under its listeners lock
// quiet
using System.Diagnostics.Tracing;
using System.Threading;

[EventSource(Name = "Shop-Checkout")]
public sealed class CheckoutEventSource : EventSource
{
    private PollingCounter? _ordersCounter;
    private long _orders;

    public void OrderPlaced() => Interlocked.Increment(ref _orders);

    protected override void OnEventCommand(EventCommandEventArgs command)
    {
        if (command.Command == EventCommand.Enable)
        {
            _ordersCounter ??= new PollingCounter("orders", this, () => Volatile.Read(ref _orders));
        }
    }
}
