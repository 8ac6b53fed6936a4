// case: Task.Run lambda created under the lock touches the guarded field later
using System.Collections.Generic;
using System.Threading.Tasks;
using Guarded;

public sealed class Inbox
{
    private readonly object _gate = new object();

    [GuardedBy(nameof(_gate))]
    private readonly List<string> _messages = new List<string>();

    public Task ReceiveAsync(string message)
    {
        lock (_gate)
        {
            _messages.Add(message);
            return Task.Run(() => _messages.Remove(message)); // expect: GRD203
        }
    }
}
