// case: [GuardedBy] counter bumped with Interlocked instead of the declared lock
using System.Threading;
using Guarded;

public sealed class DownloadStats
{
    private readonly object _gate = new object();

    [GuardedBy(nameof(_gate))]
    private int _downloads;

    public void Reset()
    {
        lock (_gate)
        {
            _downloads = 0;
        }
    }

    public void Completed()
    {
        Interlocked.Increment(ref _downloads); // expect: GRD203
    }
}
