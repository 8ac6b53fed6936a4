// case: upload throttle released after the awaited work, not in finally
using System.Threading;
using System.Threading.Tasks;

public sealed class UploadThrottle
{
    private readonly SemaphoreSlim _uploads = new SemaphoreSlim(4, 4);

    public async Task UploadAsync(int size, CancellationToken cancellationToken)
    {
        await _uploads.WaitAsync(cancellationToken);
        await Task.Delay(size, cancellationToken);
        _uploads.Release(); // expect: GRD303
    }
}
