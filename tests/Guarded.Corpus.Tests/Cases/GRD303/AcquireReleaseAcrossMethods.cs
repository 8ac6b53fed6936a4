// case: lock taken in Begin and released in End (only pairs within one method)
// quiet
using System.Threading;

public sealed class BatchScope
{
    private readonly SemaphoreSlim _batch = new SemaphoreSlim(1, 1);

    public void Begin() => _batch.Wait();

    public void End() => _batch.Release();
}
