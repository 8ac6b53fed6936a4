// case: request statistics counted with Interlocked
// quiet
using System.Threading;
using System.Threading.Tasks;

public sealed class SafeRequestStats
{
    private int _requests;
    private long _bytes;

    public void Start(long size) => Task.Run(() => Record(size));

    public void Record(long size)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytes, size);
    }
}
