// case: one method serves synchronous and asynchronous callers; the synchronous branch waits synchronously
// quiet
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class SessionPool
{
    private readonly SemaphoreSlim _slots = new SemaphoreSlim(8, 8);
    private readonly object _gate = new object();
    private readonly Stack<int> _idle = new Stack<int>();

    public async ValueTask<int> RentAsync(bool synchronously, CancellationToken cancellationToken)
    {
        if (synchronously)
            _slots.Wait(cancellationToken);
        else
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);

        lock (_gate)
        {
            return _idle.Count > 0 ? _idle.Pop() : 0;
        }
    }

    public void Return(int session)
    {
        lock (_gate)
        {
            _idle.Push(session);
        }

        _slots.Release();
    }
}
