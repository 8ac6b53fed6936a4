// case: an actor's state beside its mailbox: the mailbox schedules it concurrently-safe, the state is only touched while one message runs
// quiet
using System.Collections.Concurrent;
using System.Threading;

public sealed class ActorCell
{
    private volatile ConcurrentQueue<int>? _mailbox = new ConcurrentQueue<int>();
    private long _total;
    private int _messages;

    public void Tell(int amount) => _mailbox?.Enqueue(amount);

    public void Terminate() => _mailbox = null;

    public bool TryTakeMessage(out int amount)
    {
        amount = 0;
        return _mailbox is { } mailbox && mailbox.TryDequeue(out amount);
    }

    public void Invoke(int amount)
    {
        _messages++;
        _total += amount;
    }
}

public sealed class Dispatcher
{
    private int _scheduled;

    public void Schedule(ActorCell cell)
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.QueueUserWorkItem(_ =>
            {
                while (cell.TryTakeMessage(out var amount))
                {
                    cell.Invoke(amount);
                }

                Volatile.Write(ref _scheduled, 0);
            });
        }
    }
}
