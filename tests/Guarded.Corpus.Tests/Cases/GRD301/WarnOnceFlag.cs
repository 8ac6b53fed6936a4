// case: a mailbox factory warns once about a risky setting and then sets its warned flag: two racing callers warn twice, nothing worse
// quiet
using System.Collections.Concurrent;

public sealed class MailboxFactory
{
    private readonly ConcurrentDictionary<string, int> _capacities = new ConcurrentDictionary<string, int>();
    private bool _blockingWarningIssued;

    public int CapacityOf(string id, int pushTimeoutMs)
    {
        if (!_blockingWarningIssued && pushTimeoutMs > 0)
        {
            Warn($"mailbox {id} may block senders for {pushTimeoutMs} ms");
            _blockingWarningIssued = true;
        }

        return _capacities.GetOrAdd(id, 1000);
    }

    private static void Warn(string message) => System.Console.Error.WriteLine(message);
}
