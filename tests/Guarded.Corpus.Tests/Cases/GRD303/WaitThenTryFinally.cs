// case: semaphore awaited immediately before try/finally Release
// quiet
using System.Threading;
using System.Threading.Tasks;

public sealed class SafeUploadThrottle
{
    private readonly SemaphoreSlim _uploads = new SemaphoreSlim(4, 4);

    public async Task UploadAsync(int size, CancellationToken cancellationToken)
    {
        await _uploads.WaitAsync(cancellationToken);
        try
        {
            await Task.Delay(size, cancellationToken);
        }
        finally
        {
            _uploads.Release();
        }
    }
}
