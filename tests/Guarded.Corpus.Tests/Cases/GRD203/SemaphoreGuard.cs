// case: [GuardedBy] cursor declared on a SemaphoreSlim and read without waiting
using System.Threading;
using System.Threading.Tasks;
using Guarded;

public sealed class FeedReader
{
    private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);

    [GuardedBy(nameof(_mutex))]
    private long _cursor;

    public async Task AdvanceAsync(long to)
    {
        await _mutex.WaitAsync();
        try
        {
            _cursor = to;
        }
        finally
        {
            _mutex.Release();
        }
    }

    public long Position() => _cursor; // expect: GRD203
}
