// case: semaphores used as signals: created empty, or released by another member than the one that waits
// quiet
using System.Threading;
using System.Threading.Tasks;

public sealed class ReadyGate
{
    private readonly SemaphoreSlim _started = new SemaphoreSlim(0);
    private readonly SemaphoreSlim _online = new SemaphoreSlim(1, 1);

    public void Start() => _started.Release();

    public async Task WaitUntilStartedAsync()
    {
        await _started.WaitAsync();
        _started.Release();
    }

    public void GoOffline() => _online.Wait();

    public void GoOnline() => _online.Release();

    public async Task SendAsync(string message)
    {
        await _online.WaitAsync();
        _online.Release();
        await Task.Yield();
    }
}
